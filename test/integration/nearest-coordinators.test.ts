import { describe, expect, it } from 'vitest';
import { User } from '../../src/db/models/index.ts';
import { nearestCoordinators } from '../../src/services/people.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeUser, seedWorld } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

/**
 * Who is told of a new registration or report: the coordinators of the model's own unit, else of
 * the nearest unit above it that has some (read in one command for the whole path).
 */
describe('nearest coordinators', () => {
  it('are those of the unit itself, else of the nearest unit above with an active one', async () => {
    const world = await seedWorld();
    const [binhAn, giucTuong] = world.communes;
    const names = async (path: readonly unknown[]) =>
      (await nearestCoordinators(path as string[])).map((u) => u.name).sort();
    await makeUser('coordinator', world.province, 'Tỉnh');
    await makeUser('coordinator', world.chauThanh, 'Huyện');
    await makeUser('coordinator', binhAn!, 'Xã 1');
    await makeUser('coordinator', binhAn!, 'Xã 2');
    await makeUser('cadre', giucTuong!, 'Cán bộ xã');
    const stopped = await makeUser('coordinator', giucTuong!, 'Xã đã nghỉ');
    await User.updateOne({ _id: stopped._id }, { $set: { active: false } });

    expect(binhAn!.path.map(String)).toEqual(
      [world.province, world.chauThanh, binhAn!].map((u) => String(u._id)),
    );
    expect(await names(binhAn!.path)).toEqual(['Xã 1', 'Xã 2']);
    // A cadre and a stopped coordinator are nobody to tell: the district's coordinator is.
    expect(await names(giucTuong!.path)).toEqual(['Huyện']);
    expect(await names(world.chauThanh.path)).toEqual(['Huyện']);
    await User.updateMany({ name: 'Huyện' }, { $set: { active: false } });
    expect(await names(giucTuong!.path)).toEqual(['Tỉnh']);
    await User.updateMany({}, { $set: { active: false } });
    expect(await names(binhAn!.path)).toEqual([]);
    expect(await names([])).toEqual([]);
  });
});

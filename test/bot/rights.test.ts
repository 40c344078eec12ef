import { describe, expect, it } from 'vitest';
import { myModelsCb } from '../../src/bot/callback-data.ts';
import { AuditEvent, Draft, Initiative, ProgressReport, type UserDoc } from '../../src/db/models/index.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import { revokeRole } from '../../src/services/users.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, type World } from '../support/fixtures.ts';

let world: World;
const the = useBotWorld((w) => ({ world } = w));

/** A model in Châu Thành of `cadre`'s, with this status and title. */
const modelOf = (cadre: UserDoc, status: InitiativeStatus, title: string) =>
  makeInitiative(world, cadre, world.chauThanh, { status, title });

/** What a refused action could have changed: models' status and version, audit, drafts, reports. */
async function whatCanChange() {
  return {
    initiatives: await Initiative.find({}, { status: 1, version: 1 }).sort({ _id: 1 }).lean(),
    audit: await AuditEvent.countDocuments(),
    drafts: await Draft.countDocuments(),
    reports: await ProgressReport.countDocuments(),
  };
}

describe('rights do not outlive roles', () => {
  it('a cadre whose roles were all revoked: /mohinh, /baocao and the buttons they were shown refuse', async () => {
    const p = await the.person('cadre', world.chauThanh);
    const cadre = p.user;
    const nurturing = await modelOf(cadre, 'nurturing', 'Mô hình đang chăm bồi');
    const returned = await modelOf(cadre, 'returned', 'Mô hình bị trả lại');

    // While a cadre: the buttons are there.
    await p.send('/mohinh');
    const viewNurturing = p.buttonData(nurturing.code);
    const viewReturned = p.buttonData(returned.code);
    await p.tap(nurturing.code);
    const reportData = p.buttonData('Báo cáo tiến độ');
    const withdrawData = p.buttonData('Rút mô hình');
    await p.tap(returned.code);
    const editData = p.buttonData('Sửa');

    await revokeRole(cadre.telegramId, 'cadre', world.chauThanh._id, { clock: clock() });
    const before = await whatCanChange();

    const n = p.messages().length;
    await p.send('/mohinh');
    await p.send('/baocao');
    expect(p.textsSince(n)).toEqual([
      'Bạn chưa tham gia đơn vị nào. Gõ /start để bắt đầu.',
      'Bạn chưa tham gia đơn vị nào. Gõ /start để bắt đầu.',
    ]);

    const answers = p.callbackAnswers().length;
    for (const data of [viewNurturing, viewReturned, reportData, withdrawData, editData]) {
      await p.press(data);
    }
    await p.press(myModelsCb.withdrawYes.build({ i: String(nurturing._id), s: 'nurturing' }));
    expect(p.callbackAnswers().slice(answers)).toEqual(
      Array(6).fill('Bạn không có quyền thực hiện việc này.'),
    );
    // Nothing about the models was shown, no form was opened.
    expect(p.textsSince(n)).toHaveLength(2);
    await p.send('Một câu trả lời');
    expect(p.lastText()).toBe('Bạn chưa tham gia đơn vị nào. Gõ /start để bắt đầu.');

    expect(await whatCanChange()).toEqual(before);
  });

  it('a cadre moved to another district no longer sees or acts on the models left behind', async () => {
    const p = await the.person('cadre', world.chauThanh);
    const cadre = p.user;
    const ini = await modelOf(cadre, 'registered', 'Mô hình ở Châu Thành');
    await p.send('/mohinh');
    const view = p.buttonData(ini.code);
    const { grantRole } = await import('../../src/services/users.ts');
    await grantRole(cadre.telegramId, 'cadre', world.rachGia._id, { clock: clock() });
    await revokeRole(cadre.telegramId, 'cadre', world.chauThanh._id, { clock: clock() });
    await p.send('/mohinh');
    expect(p.lastText()).toBe('Bạn chưa đăng ký mô hình nào. Gõ /dangky để bắt đầu.');
    await p.press(view);
    await p.press(myModelsCb.edit.build({ i: String(ini._id) }));
    await p.press(myModelsCb.withdraw.build({ i: String(ini._id) }));
    expect(p.callbackAnswers().slice(-3)).toEqual(Array(3).fill('Bạn không có quyền thực hiện việc này.'));
    expect(
      p
        .messages()
        .some((m) => m.text.includes('Mô hình ở Châu Thành') && !m.text.includes('Mô hình của tôi')),
    ).toBe(false);
  });
});

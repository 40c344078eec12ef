import { beforeEach } from 'vitest';
import type { InitiativeDoc, UnitDoc, UserDoc } from '../../src/db/models/index.ts';
import { useTestDatabase } from './database.ts';
import { makeInitiative, makeReport, makeUser, seedWorld, type World } from './fixtures.ts';

/** The records the makers make, for the variables that hold them. */
export type { InitiativeDoc, UserDoc } from '../../src/db/models/index.ts';
export type { World } from './fixtures.ts';

/** The record makers of fixtures.ts with the test world bound: what data tests make their records with. */
export interface Makers {
  /** A user with this role in this unit (`null`: no role): `makeUser`. */
  user: typeof makeUser;
  /** A model of `owner` in `unit`, in the world's campaign: `makeInitiative`. */
  model(
    owner: UserDoc,
    unit: UnitDoc,
    overrides?: Parameters<typeof makeInitiative>[3],
  ): Promise<InitiativeDoc>;
  /** A progress report of a model for a period: `makeReport`. */
  report: typeof makeReport;
}

/** The makers for the world `world()` returns when they are called (a bot test's, for instance). */
export function worldMakers(world: () => World): Makers {
  return {
    user: makeUser,
    model: (owner, unit, overrides) => makeInitiative(world(), owner, unit, overrides),
    report: makeReport,
  };
}

export interface DataWorld extends Makers {
  /** The province's units and the test campaign (seedWorld), fresh for every test. */
  world: World;
}

/**
 * The setup data test files share (the data side of `useBotWorld`): the file's own database
 * emptied before each test, the seeded world, and the makers bound to it. `bind` receives the
 * world before each test (before the file's own `beforeEach`), for files that keep it in a
 * variable of their own:
 *
 *   let world: World;
 *   const the = useDataWorld((w) => ({ world } = w));
 *   ...
 *   const cadre = await the.user('cadre', world.chauThanh);
 *   const ini = await the.model(cadre, world.communes[0]!, { status: 'nurturing' });
 */
export function useDataWorld(
  bind?: (w: DataWorld) => void,
  opts: { seed?: Parameters<typeof seedWorld>[0] } = {},
): DataWorld {
  useTestDatabase({ clean: 'each' });
  const w: DataWorld = { world: undefined as unknown as World, ...worldMakers(() => w.world) };
  beforeEach(async () => {
    w.world = await seedWorld(opts.seed);
    bind?.(w);
  });
  return w;
}

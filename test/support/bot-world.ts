import type { Bot } from 'grammy';
import { beforeEach } from 'vitest';
import type { BotContext } from '../../src/bot/context.ts';
import type { Role, UnitDoc, UserDoc } from '../../src/db/models/index.ts';
import { useTestDatabase } from './database.ts';
import { clock, makeUser, seedWorld, type World } from './fixtures.ts';
import { FakeTelegram, makeBot, Person } from './telegram.ts';

/** A person of the test world: their user record and their private chat with the bot. */
export class Member extends Person {
  constructor(
    tg: FakeTelegram,
    bot: Bot<BotContext>,
    readonly user: UserDoc,
  ) {
    super(tg, bot, user.telegramId);
  }
}

export interface BotWorld {
  /** The province's units and the test campaign (seedWorld), fresh for every test. */
  world: World;
  /** The fake Telegram of this test. */
  tg: FakeTelegram;
  /** The bot of this test on `tg`, with a test clock: made on first use, one per test. */
  readonly bot: Bot<BotContext>;
  /** A user with this role in this unit (`null`: no role), chatting with the test's bot or `bot`. */
  person(role: Role | null, unit: UnitDoc | null, name?: string, bot?: Bot<BotContext>): Promise<Member>;
  /** A cadre of Châu Thành's first commune and a coordinator of Châu Thành, on one bot. */
  cadreAndCoordinator(): Promise<{ cadre: Member; coordinator: Member }>;
}

/**
 * The setup every bot test file shares: its own database emptied before each test, the seeded
 * world, a fresh fake Telegram, and people with roles talking to one bot. `bind` receives the
 * world before each test, for files that keep `world` and `tg` in variables of their own:
 *
 *   let world: World;
 *   let tg: FakeTelegram;
 *   const the = useBotWorld((w) => ({ world, tg } = w));
 *   ...
 *   const cadre = await the.person('cadre', world.chauThanh);
 *   await cadre.send('/dangky');
 */
export function useBotWorld(
  bind?: (w: BotWorld) => void,
  opts: { seed?: Parameters<typeof seedWorld>[0] } = {},
): BotWorld {
  useTestDatabase({ clean: 'each' });
  let bot: Bot<BotContext> | undefined;
  const w: BotWorld = {
    world: undefined as unknown as World,
    tg: undefined as unknown as FakeTelegram,
    get bot() {
      bot ??= makeBot(w.tg, clock());
      return bot;
    },
    async person(role, unit, name, on) {
      return new Member(w.tg, on ?? w.bot, await makeUser(role, unit, name));
    },
    async cadreAndCoordinator() {
      return {
        cadre: await w.person('cadre', w.world.communes[0]!, 'Nguyễn Thị Lan'),
        coordinator: await w.person('coordinator', w.world.chauThanh, 'Trần Văn Minh'),
      };
    },
  };
  beforeEach(async () => {
    w.world = await seedWorld(opts.seed);
    w.tg = new FakeTelegram();
    bot = undefined;
    bind?.(w);
  });
  return w;
}

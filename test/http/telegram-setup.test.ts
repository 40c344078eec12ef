import { Api } from 'grammy';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandMenu, registerCommandMenus, setWebhook, webhookPath } from '../../src/http/telegram-setup.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeUser, seedWorld, type World } from '../support/fixtures.ts';
import { FakeTelegram } from '../support/telegram.ts';

useTestDatabase({ clean: 'each' });

const logger = pino({ level: 'silent' });
const names = (role: Parameters<typeof commandMenu>[0], lang: 'vi' | 'en') =>
  commandMenu(role, lang).map((c) => c.command);

describe('command menus', () => {
  it('give a cadre the Vietnamese form commands and the always-available ones, nothing of reviewers', () => {
    expect(names('cadre', 'vi')).toEqual([
      'dangky',
      'baocao',
      'mohinh',
      'lichnhac',
      'huy',
      'tatnhac',
      'ngonngu',
      'help',
    ]);
    const dangky = commandMenu('cadre', 'vi').find((c) => c.command === 'dangky');
    expect(dangky?.description).toMatch(/đăng ký/i);
  });

  it('add the review, summary, export and invite commands for coordinators and the board', () => {
    for (const role of ['coordinator', 'board'] as const) {
      expect(names(role, 'vi')).toEqual(
        expect.arrayContaining(['duyet', 'tonghop', 'xuat', 'moi', 'dangky']),
      );
      expect(names(role, 'en')).toEqual(expect.arrayContaining(['review', 'summary', 'export', 'invite']));
    }
    expect(names('admin', 'vi')).toContain('admin');
    expect(names('coordinator', 'vi')).not.toContain('admin');
  });

  it('use the English aliases in English', () => {
    expect(names('cadre', 'en')).toEqual([
      'register',
      'report',
      'models',
      'deadlines',
      'cancel',
      'snooze',
      'language',
      'help',
    ]);
  });
});

describe('start-up calls to Telegram', () => {
  let tg: FakeTelegram;
  let api: Api;
  let world: World;
  beforeEach(async () => {
    tg = new FakeTelegram();
    api = new Api('123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz', {
      fetch: tg.fetch,
      apiRoot: 'https://t.test',
    });
    world = await seedWorld();
  });

  it('register a menu per language for private chats and one per coordinator in their language', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh);
    await makeUser('cadre', world.communes[0]!);
    await registerCommandMenus(api, logger);
    const calls = tg.sent('setMyCommands');
    const scopes = calls.map((c) => ({
      scope: (c.payload.scope as { type: string }).type,
      lang: c.payload.language_code ?? null,
      chat: (c.payload.scope as { chat_id?: number }).chat_id ?? null,
    }));
    expect(scopes).toEqual([
      { scope: 'all_private_chats', lang: null, chat: null },
      { scope: 'all_private_chats', lang: 'en', chat: null },
      { scope: 'chat', lang: null, chat: coordinator.telegramId },
    ]);
    const chatMenu = calls[2]!.payload.commands as { command: string }[];
    expect(chatMenu.map((c) => c.command)).toContain('duyet');
  });

  it('keep going when Telegram refuses the command menus', async () => {
    await makeUser('coordinator', world.chauThanh);
    tg.fail.set('setMyCommands', { code: 400, description: 'Bad Request: BOT_COMMAND_INVALID' });
    await expect(registerCommandMenus(api, logger)).resolves.toBeUndefined();
    expect(tg.sent('setMyCommands')).toHaveLength(3);
  });

  it('set the webhook with the secret, and report a refusal without throwing', async () => {
    expect(
      await setWebhook(
        api,
        { url: 'https://bot.example.org/tg/hook', secret: 's3cret-s3cret-s3cret' },
        logger,
      ),
    ).toBe(true);
    expect(tg.sent('setWebhook')[0]!.payload).toMatchObject({
      url: 'https://bot.example.org/tg/hook',
      secret_token: 's3cret-s3cret-s3cret',
    });
    tg.fail.set('setWebhook', {
      code: 400,
      description: 'Bad Request: bad webhook: HTTPS url must be provided',
    });
    expect(
      await setWebhook(
        api,
        { url: 'https://bot.example.org/tg/hook', secret: 's3cret-s3cret-s3cret' },
        logger,
      ),
    ).toBe(false);
    expect(webhookPath('https://bot.example.org/tg/hook')).toBe('/tg/hook');
    expect(webhookPath('https://bot.example.org')).toBe('/');
  });
});

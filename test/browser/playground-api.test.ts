import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Api, GrammyError, InputFile } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Campaign, Initiative, ProgressReport, User } from '../../src/db/models/index.ts';
import { localDay } from '../../src/domain/calendar.ts';
import { currentPhase } from '../../src/domain/phases.ts';
import { InProcessBotApi, PLAYGROUND_TOKEN, type PlaygroundEvent } from '../../src/playground/bot-api.ts';
import { ChatStore } from '../../src/playground/chats.ts';
import { FileStore } from '../../src/playground/files.ts';
import { DEMO_PEOPLE } from '../../src/playground/people.ts';
import { seedDemo } from '../../src/playground/seed.ts';
import { useTestDatabase } from '../support/database.ts';
import { NOW } from '../support/fixtures.ts';

/**
 * The playground's in-process Bot API, driven through grammY's own Api as the bot drives it, and
 * the demo data. (The page on top of it is tested in a browser in playground.test.ts.)
 */

useTestDatabase();

const logger = pino({ level: 'silent' });
const clock = new ManualClock(NOW);
const LAN = { id: 9_100_000_001, name: 'Nguyễn Thị Lan' };

let dir: string;
let files: FileStore;
let chats: ChatStore;
let emulated: InProcessBotApi;
let api: Api;
const events: PlaygroundEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dvb-pg-api-'));
  files = new FileStore(path.join(dir, 'files'));
  chats = new ChatStore(path.join(dir, 'chats'));
  emulated = new InProcessBotApi({
    chats,
    files,
    clock,
    logger,
    person: (id) => (id === LAN.id ? LAN : undefined),
  });
  emulated.on((e) => events.push(e));
  api = new Api(PLAYGROUND_TOKEN, { apiRoot: emulated.apiRoot, fetch: emulated.fetch });
});

afterAll(async () => {
  await chats?.flush();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const png = (w: number, h: number) =>
  new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#c53030"/></svg>`,
  )
    .render()
    .asPng();

async function refusal(call: Promise<unknown>): Promise<string> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrammyError);
  return (err as GrammyError).description;
}

describe('the playground Bot API', () => {
  it('keeps a photo the bot uploads and sends it again by its file id, as Telegram does', async () => {
    const first = await api.sendPhoto(LAN.id, new InputFile(png(400, 250), 'chart.png'), {
      caption: 'Biểu đồ',
    });
    const photo = first.photo!.at(-1)!;
    expect(photo).toMatchObject({ width: 400, height: 250 });
    const again = await api.sendPhoto(LAN.id, photo.file_id);
    expect(again.photo!.at(-1)!.file_id).toBe(photo.file_id);
    expect(await files.read(photo.file_id)).toEqual(png(400, 250));
    const shown = chats.list(LAN.id).filter((m) => m.photo);
    expect(shown.map((m) => m.photo!.fileId)).toEqual([photo.file_id, photo.file_id]);
  });

  it('stores a document with its name and type, and can describe it with getFile', async () => {
    const m = await api.sendDocument(LAN.id, new InputFile(Buffer.from('xlsx bytes'), 'xuat-2026.xlsx'));
    expect(m.document).toMatchObject({
      file_name: 'xuat-2026.xlsx',
      mime_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const f = await api.getFile(m.document!.file_id);
    expect(f.file_size).toBe(10);
  });

  it('refuses what Telegram refuses', async () => {
    expect(await refusal(api.sendMessage(LAN.id, 'Mô hình <ấp Bình Lợi>', { parse_mode: 'HTML' }))).toMatch(
      /can't parse entities/i,
    );
    expect(await refusal(api.sendMessage(LAN.id, '<b>chưa đóng', { parse_mode: 'HTML' }))).toMatch(/end tag/);
    expect(await refusal(api.sendMessage(LAN.id, '  '))).toMatch(/text is empty/);
    expect(await refusal(api.sendMessage(LAN.id, 'x'.repeat(4097)))).toMatch(/too long/);
    expect(await refusal(api.sendMessage(123, 'ai đó'))).toMatch(/chat not found/);
    expect(
      await refusal(
        api.sendMessage(LAN.id, 'nút', {
          reply_markup: { inline_keyboard: [[{ text: 'dài', callback_data: 'x'.repeat(65) }]] },
        }),
      ),
    ).toMatch(/BUTTON_DATA_INVALID/);
    expect(await refusal(api.sendPhoto(LAN.id, 'pgP_unknown-file-id'))).toMatch(/wrong file identifier/);
    const m = await api.sendMessage(LAN.id, 'Giữ nguyên');
    expect(await refusal(api.editMessageText(LAN.id, m.message_id, 'Giữ nguyên'))).toMatch(/not modified/);
    // Escaped text is fine, and what the person sees is the plain text.
    const ok = await api.sendMessage(LAN.id, '<b>Mô hình</b> &lt;ấp&gt; &amp; xã', { parse_mode: 'HTML' });
    expect(ok.text).toBe('Mô hình <ấp> & xã');
  });

  it('turns a tap into a callback query only for a button the message really has', async () => {
    const m = await api.sendMessage(LAN.id, 'Chọn', {
      reply_markup: { inline_keyboard: [[{ text: 'Có', callback_data: 'yes' }]] },
    });
    expect(emulated.personTap(LAN, 'vi', m.message_id, 'forged')).toBeNull();
    const u = emulated.personTap(LAN, 'vi', m.message_id, 'yes')!;
    expect(u.callback_query).toMatchObject({ data: 'yes', message: { message_id: m.message_id } });
    await api.answerCallbackQuery(u.callback_query!.id, { text: 'Đã chọn', show_alert: true });
    expect(events.at(-1)).toEqual({ type: 'callback-answer', chatId: LAN.id, text: 'Đã chọn', alert: true });
    // Removing the buttons after the answer, as the forms do.
    await api.editMessageReplyMarkup(LAN.id, m.message_id);
    expect(emulated.personTap(LAN, 'vi', m.message_id, 'yes')).toBeNull();
  });

  it('marks a typed command as a bot_command entity, as Telegram clients do', () => {
    const u = emulated.personMessage(LAN, 'en', { text: '/dangky' });
    expect(u.message).toMatchObject({
      text: '/dangky',
      entities: [{ type: 'bot_command', offset: 0, length: 7 }],
      from: { id: LAN.id, language_code: 'en' },
      chat: { id: LAN.id, type: 'private' },
    });
  });

  it('answers menus by the most specific scope, as a Telegram client shows them', async () => {
    await api.setMyCommands([{ command: 'dangky', description: 'Đăng ký' }], {
      scope: { type: 'all_private_chats' },
    });
    await api.setMyCommands([{ command: 'register', description: 'Register' }], {
      scope: { type: 'all_private_chats' },
      language_code: 'en',
    });
    await api.setMyCommands([{ command: 'duyet', description: 'Duyệt' }], {
      scope: { type: 'chat', chat_id: 77 },
    });
    expect(emulated.menuFor(LAN.id, 'vi').map((c) => c.command)).toEqual(['dangky']);
    expect(emulated.menuFor(LAN.id, 'en').map((c) => c.command)).toEqual(['register']);
    expect(emulated.menuFor(77, 'vi').map((c) => c.command)).toEqual(['duyet']);
  });
});

describe('the demo data', () => {
  it('puts today inside step 2 with models and reports, all marked demo, and a second start adds nothing', async () => {
    const first = await seedDemo({ clock, timeZone: 'Asia/Ho_Chi_Minh', logger, files });
    expect(first.created.models).toBeGreaterThanOrEqual(6);
    expect(first.created.reports).toBeGreaterThanOrEqual(6);
    const today = localDay(clock.now(), 'Asia/Ho_Chi_Minh');
    expect(currentPhase(first.campaign, today)?.code).toBe('step-2');
    expect(first.campaign.demo).toBe(true);

    const counts = async () => ({
      campaigns: await Campaign.countDocuments(),
      models: await Initiative.countDocuments(),
      reports: await ProgressReport.countDocuments(),
      users: await User.countDocuments(),
    });
    const before = await counts();
    const second = await seedDemo({ clock, timeZone: 'Asia/Ho_Chi_Minh', logger, files });
    expect(second.created).toEqual({ units: 0, people: 0, models: 0, reports: 0 });
    expect(await counts()).toEqual(before);

    expect(await Initiative.countDocuments({ demo: { $ne: true } })).toBe(0);
    expect(await ProgressReport.countDocuments({ demo: { $ne: true } })).toBe(0);
    expect(await User.countDocuments({ demo: true })).toBe(DEMO_PEOPLE.filter((p) => p.role).length);
    const cadre = await User.findOne({ telegramId: 9_100_000_001 }).lean();
    expect(cadre).toMatchObject({ onboarded: true, roleKeys: [expect.stringMatching(/^cadre:/)] });
    // The seeded evidence photos exist, so the bot can show them again.
    const report = await ProgressReport.findOne().lean();
    expect(await files.get(report!.evidence[0]!.fileId!)).not.toBeNull();
  });
});

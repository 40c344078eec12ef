import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../src/db/models/evidence.ts';
import { ProgressReport } from '../../src/db/models/index.ts';
import { recompressed, scenePhoto } from '../evidence/images.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, makeUser, monthKey, monthShown, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

useBotWorld((w) => ({ world, tg } = w));

async function upToEvidence(p: Person) {
  await p.send('/baocao');
  await p.tap(monthShown(0));
  await p.send('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.');
  await p.send('3');
  await p.send('30%');
  await p.send('25');
  await p.send('120');
  await p.tap('Bỏ qua'); // funds
}

async function finish(p: Person) {
  await p.tap('Xong');
  await p.tap('Bỏ qua'); // difficulties
  await p.send('Đúng tiến độ.');
  await p.tap('Xác nhận');
}

async function nothingArchived() {
  const db = mongoose.connection.db!;
  expect(await EvidenceFile.countDocuments()).toBe(0);
  expect(await db.collection('evidence.files').countDocuments()).toBe(0);
  expect(await db.collection('evidence.chunks').countDocuments()).toBe(0);
}

describe('/baocao archives evidence as it arrives', () => {
  it('refuses a 25 MB file with the limit in the message, keeps nothing, and still waits for evidence', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await upToEvidence(p);
    const big = Buffer.alloc(25 * 1024 * 1024, 1);
    await p.sendDocument('video-hop-dan.mp4', 'video/mp4', big, big.length);
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('lớn hơn 20 MB');
    await nothingArchived();
    expect(tg.downloads).toEqual([]);
    expect(
      p
        .allMessages()
        .at(-1)!
        .buttons.map((b) => b.text),
    ).not.toContain('✅ Xong');
    await p.sendPhoto('Buổi họp', await scenePhoto(4));
    expect(p.lastText()).toContain('Đã nhận 1 minh chứng');
    await finish(p);
    const report = (await ProgressReport.findOne().lean())!;
    expect(report.evidence).toHaveLength(1);
    const archived = (await EvidenceFile.findById(report.evidence[0]!.archiveId).lean())!;
    expect(archived).toMatchObject({ mime: 'image/jpeg', periodKey: monthKey(0), ownerId: cadre._id });
  });

  it('refuses a file named .jpg whose bytes are a ZIP', async () => {
    const cadre = await makeUser('cadre', world.communes[0]!);
    await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const p = new Person(tg, makeBot(tg, clock()), cadre.telegramId);
    await upToEvidence(p);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow([1]);
    await p.sendDocument('anh-hien-truong.jpg', 'image/jpeg', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(p.textsSince(p.messages().length - 2)[0]).toContain('anh-hien-truong.jpg thực chất là ZIP');
    await nothingArchived();
  });
});

describe('the review card shows what the checks found', () => {
  it('a reused photo is flagged with both pictures side by side, sent from the archive', async () => {
    const lan = await makeUser('cadre', world.communes[0]!, 'Lan');
    const hoa = await makeUser('cadre', world.communes[1]!, 'Hoa');
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Hùng');
    await makeInitiative(world, lan, world.communes[0]!, { status: 'nurturing' });
    const hoaModel = await makeInitiative(world, hoa, world.communes[1]!, { status: 'nurturing' });
    const bot = makeBot(tg, clock());
    const original = await scenePhoto(12, { noise: 2 });
    const l = new Person(tg, bot, lan.telegramId);
    await upToEvidence(l);
    await l.sendPhoto('', original);
    await finish(l);
    const h = new Person(tg, bot, hoa.telegramId);
    await upToEvidence(h);
    await h.sendPhoto('Hộ được vay', await recompressed(original, 0.7, 70));
    await h.sendLocation(10.01, 105.08);
    await finish(h);
    const hoaReport = (await ProgressReport.findOne({ initiativeId: hoaModel._id }).lean())!;
    expect(hoaReport.evidence[0]!.flags).toEqual(['reused']);

    const c = new Person(tg, bot, coordinator.telegramId);
    await c.send('/duyet');
    await c.tap(hoaModel.code);
    const card = c.messages().at(-1)!.text;
    expect(card).toContain(`Báo cáo kỳ ${monthShown(0)}`);
    expect(card).toMatch(
      new RegExp(`Minh chứng #1 gần trùng ảnh đã nộp cho DVK-T-\\d+-\\w+ kỳ ${monthShown(0)} \\(đơn vị khác`),
    );
    expect(card).toContain('📍 Vị trí #2: 10.01000, 105.08000, ghim đầu tiên');
    expect(card).toContain('Chưa có người dân nào xác nhận');
    // The evidence is uploaded from the archive, not re-sent by Telegram file id.
    const photo = tg.sent('sendPhoto', c.id).at(-1)!;
    expect(photo.payload.photo).toMatchObject({ bytes: expect.any(Number) });
    const pair = tg.sent('sendMediaGroup', c.id);
    expect(pair).toHaveLength(1);
  });

  it('a capture date outside the period is on the card', async () => {
    const sharp = (await import('sharp')).default;
    const lan = await makeUser('cadre', world.communes[0]!, 'Lan');
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Hùng');
    const ini = await makeInitiative(world, lan, world.communes[0]!, { status: 'nurturing' });
    const bot = makeBot(tg, clock());
    const l = new Person(tg, bot, lan.telegramId);
    await upToEvidence(l);
    const old = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2024:03:02 07:00:00' } })
      .toBuffer();
    await l.sendDocument('IMG_2024.jpg', 'image/jpeg', old);
    await finish(l);
    const c = new Person(tg, bot, coordinator.telegramId);
    await c.send('/duyet');
    await c.tap(ini.code);
    expect(c.messages().at(-1)!.text).toContain(
      `Minh chứng #1 chụp ngày 02/03/2024, ngoài kỳ báo cáo ${monthShown(0)}`,
    );
  });
});

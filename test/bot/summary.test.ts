import { describe, expect, it } from 'vitest';
import { reviewCb } from '../../src/bot/callback-data.ts';
import { encodeFilters, exportButton } from '../../src/bot/features/summary.ts';
import { AuditEvent, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { worldMakers } from '../support/data-world.ts';
import { clock, monthKey, monthShown, NOW, type World, YEAR } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));
const make = worldMakers(() => world);

/** A small dataset whose figures are known: 3 models in Châu Thành (2 collective), 1 in Rạch Giá. */
async function dataset() {
  const cadre = await make.user('cadre', world.chauThanh);
  const a = await make.model(cadre, world.communes[0]!, { status: 'nurturing', field: 'economy' });
  await make.report(a, cadre, monthKey(0));
  // Its report was verified: "effective" counts verified reports only.
  await Initiative.updateOne({ _id: a._id }, { $set: { lastVerifiedPeriod: monthKey(0) } });
  await make.model(cadre, world.communes[1]!, { status: 'nurturing', field: 'culture-society' });
  await make.model(cadre, world.chauThanh, {
    status: 'registered',
    ownerKind: 'individual',
    field: 'economy',
  });
  const h = await make.model(cadre, world.rachGia, { status: 'honoured', field: 'economy' });
  await Initiative.updateOne(
    { _id: h._id },
    { $push: { honours: { level: 'district', year: YEAR, decisionNo: '12/QĐ', at: NOW } } },
  );
  return { cadre };
}

describe('/tonghop and /xuat', () => {
  it('gives the board the whole campaign: text with the right numbers, then a chart picture with export and filter buttons', async () => {
    await dataset();
    const b = await the.person('board', world.province);
    const board = b.user;
    await b.send('/tonghop');
    const text = b.lastText();
    expect(text).toContain('Tỉnh Kiên Giang');
    // Effective: a verified report in the campaign's window (the line under the figures says so);
    // honoured: has an honour recorded.
    expect(text).toMatch(/Mô hình: 4 đăng ký · 1 hiệu quả · 1 được biểu dương/);
    expect(text).toMatch(/Tập thể: 3 · Cá nhân: 1/);
    expect(text).toContain(`Báo cáo kỳ ${monthShown(0)}: 1/3 mô hình đã báo cáo`); // the honoured model keeps reporting
    const photo = tg.sent('sendPhoto', board.telegramId).at(-1)!;
    expect(photo.payload.photo).toMatchObject({ filename: 'tong-hop.png' });
    expect((photo.payload.photo as { bytes: number }).bytes).toBeGreaterThan(5000);
    expect(tg.sent('sendChatAction', board.telegramId).map((c) => c.payload.action)).toContain(
      'upload_photo',
    );
    await b.tap('Xuất Excel');
    expect(b.lastText()).toContain('Đang chuẩn bị tệp Excel');
    const doc = tg.sent('sendDocument', board.telegramId).at(-1)!;
    expect((doc.payload.document as { filename: string }).filename).toMatch(
      /^tong-hop-dan-van-kheo-kg-\d{8}\.xlsx$/,
    );
    expect((doc.payload.document as { bytes: number }).bytes).toBeGreaterThan(5000);
  });

  it('narrows by arguments and by the filter buttons', async () => {
    await dataset();
    const b = await the.person('board', world.province);
    // The arguments of /tonghop and what its answer holds (a text is looked for as it stands).
    const answers: [string, RegExp | string][] = [
      ['linhvuc=economy chuthe=tapthe', /Mô hình: 2 đăng ký/],
      ['donvi=kg-chau-thanh', /Huyện Châu Thành[\s\S]*Mô hình: 3 đăng ký/],
      ['linhvuc=khong-co', 'không có lĩnh vực này'],
      ['ky=2026-13', 'Kỳ không hợp lệ'],
    ];
    for (const [args, answer] of answers) {
      await b.send(`/tonghop ${args}`);
      expect(b.lastText(), args).toMatch(answer);
    }
    await b.send('/tonghop');
    await b.tap('Lọc');
    await b.tap('Cá nhân');
    expect(b.messages().at(-1)!.text).toMatch(/Mô hình: 1 đăng ký/);
  });

  it('limits a coordinator to their subtree', async () => {
    await dataset();
    const c = await the.person('coordinator', world.chauThanh);
    const coordinator = c.user;
    await c.send('/tonghop');
    expect(c.lastText()).toMatch(/Huyện Châu Thành[\s\S]*Mô hình: 3 đăng ký/);
    await c.send('/tonghop donvi=kg-rach-gia');
    expect(c.lastText()).toContain('ngoài phạm vi');
    await c.send('/xuat donvi=kg-rach-gia');
    expect(c.lastText()).toContain('ngoài phạm vi');
    expect(tg.sent('sendDocument', coordinator.telegramId)).toHaveLength(0);
  });
});

describe('authorization matrix: review, summary and export x cadre / coordinator in scope / out of scope / board', () => {
  it('allows and refuses exactly as the rules say, forged callback data included', async () => {
    const cadre = await make.user('cadre', world.communes[0]!);
    const inScope = await make.user('coordinator', world.chauThanh);
    const outScope = await make.user('coordinator', world.rachGia);
    const board = await make.user('board', world.province);
    const bot = makeBot(tg, clock());
    const rachGiaUnit = String(world.rachGia._id);

    type Outcome = 'allowed' | 'refused';
    const cases: { name: string; run: (p: Person) => Promise<Outcome> }[] = [];
    const refusedByAlert = (p: Person, before: number) =>
      p
        .callbackAnswers()
        .slice(before)
        .some((a) => /không có quyền|ngoài phạm vi/.test(a))
        ? 'refused'
        : 'allowed';
    /** Presses a button and says whether the bot answered it with a refusal. */
    const pressRefused = async (p: Person, data: string) => {
      const n = p.callbackAnswers().length;
      await p.press(data);
      return refusedByAlert(p, n);
    };
    /** A report of this month on a nurturing model of Châu Thành's first commune. */
    const reportOfThisMonth = async () => {
      const ini = await make.model(cadre, world.communes[0]!, { status: 'nurturing' });
      return make.report(ini, cadre, monthKey(0));
    };

    cases.push({
      name: '/duyet shows the Châu Thành registration',
      run: async (p) => {
        await Initiative.deleteMany({ status: 'registered' });
        await make.model(cadre, world.communes[0]!, { title: `Mô hình chờ duyệt ${p.id}` });
        await p.send('/duyet');
        return p.lastText().includes(`Mô hình chờ duyệt ${p.id}`) ? 'allowed' : 'refused';
      },
    });
    cases.push({
      name: 'open a registration (rvo)',
      run: async (p) => {
        const ini = await make.model(cadre, world.communes[0]!);
        return pressRefused(p, reviewCb.open.build({ i: String(ini._id) }));
      },
    });
    cases.push({
      name: 'accept (rva, forged for others)',
      run: async (p) => {
        const ini = await make.model(cadre, world.communes[0]!);
        await p.press(reviewCb.act.build({ a: 'accept', i: String(ini._id), s: 'registered' }));
        return (await Initiative.findById(ini._id).lean())!.status === 'nurturing' ? 'allowed' : 'refused';
      },
    });
    cases.push({
      name: 'open a report (rvr)',
      run: async (p) => {
        const rep = await reportOfThisMonth();
        return pressRefused(p, reviewCb.report.build({ r: String(rep._id) }));
      },
    });
    cases.push({
      name: 'verify a report (rvv)',
      run: async (p) => {
        const rep = await reportOfThisMonth();
        await p.press(reviewCb.verify.build({ r: String(rep._id) }));
        return (await ProgressReport.findById(rep._id).lean())!.verification === 'verified'
          ? 'allowed'
          : 'refused';
      },
    });
    cases.push({
      name: '/tonghop of the whole campaign tree containing Châu Thành',
      run: async (p) => {
        await p.send('/tonghop donvi=kg-chau-thanh');
        return p.lastText().includes('Tổng hợp và xuất dữ liệu dành cho') ||
          p.lastText().includes('ngoài phạm vi')
          ? 'refused'
          : 'allowed';
      },
    });
    cases.push({
      name: '/xuat of Châu Thành',
      run: async (p) => {
        const before = tg.sent('sendDocument', p.id).length;
        await p.send('/xuat donvi=kg-chau-thanh');
        return tg.sent('sendDocument', p.id).length > before ? 'allowed' : 'refused';
      },
    });
    cases.push({
      name: 'sx: forged export button for Rạch Giá',
      run: async (p) => {
        const before = tg.sent('sendDocument', p.id).length;
        await p.press(
          exportButton.build(
            encodeFilters(
              { unitId: rachGiaUnit, field: null, ownerKind: null, periodKey: null },
              world.campaign,
            ),
          ),
        );
        return tg.sent('sendDocument', p.id).length > before ? 'allowed' : 'refused';
      },
    });

    /** `outcome` for every case, but for the cases listed in `except` (by index). */
    const every = (outcome: Outcome, except: Record<number, Outcome> = {}) => ({
      ...Object.fromEntries(cases.map((_, i) => [i, outcome])),
      ...except,
    });
    // Case 7, the forged export of Rạch Giá, is the one a coordinator of Rạch Giá may press.
    const expected: Record<string, Record<string, Outcome>> = {
      cadre: every('refused'),
      inScope: every('allowed', { 7: 'refused' }),
      outScope: every('refused', { 7: 'allowed' }),
      board: every('allowed'),
    };
    const who = { cadre, inScope, outScope, board };
    const actual: Record<string, Record<string, Outcome>> = {};
    for (const [name, user] of Object.entries(who)) {
      const p = new Person(tg, bot, user.telegramId);
      actual[name] = {};
      for (const [i, c] of cases.entries()) actual[name]![i] = await c.run(p);
    }
    expect(actual).toEqual(expected);
    // Nothing a refused person tried left an audit trail of a change.
    expect(
      await AuditEvent.countDocuments({
        actorTelegramId: { $in: [cadre.telegramId, outScope.telegramId] },
        entity: 'initiative',
      }),
    ).toBe(0);
  });
});

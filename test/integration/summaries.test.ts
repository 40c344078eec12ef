import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { Campaign, type CampaignDoc, Initiative, type UserDoc } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import {
  buildSummary,
  formatSummaryText,
  numberFormat,
  resolveSummaryScope,
  type Summary,
  SummaryRequestError,
} from '../../src/services/summaries.ts';
import { principalOf } from '../../src/services/users.ts';
import { useDataWorld } from '../support/data-world.ts';
import { day, monthKey, monthShown, shown, TODAY, TZ, type World, YEAR } from '../support/fixtures.ts';

const the = useDataWorld((w) => ({ world } = w));

// The base date's month is the current period (with the default 11/2026, previous 10/2026).
/** In the previous period (the 15th, 10:00), after the campaign started 57 days before the base date. */
const BEFORE = zonedInstant(`${monthKey(-1)}-15`, TZ, 10);
/** In the current period, on its first day, before the base date. */
const AFTER_PERIOD_START = zonedInstant(`${monthKey(0)}-01`, TZ, 1);
/** Accepted before the previous period began, so it was a full period for them. */
const ACCEPTED_EARLY = zonedInstant(`${monthKey(-2)}-20`, TZ, 10);

let world: World;
let cadre: UserDoc;

/**
 * Twelve models in the campaign (and one in another campaign), each chosen to land in a known
 * set of figures. Period: the base date's month (11/2026 with the default), previous: the month before. See the comments for what each one counts as.
 */
async function seedDataset() {
  cadre = await the.user('cadre', world.province);
  const [c0, c1, c2] = world.communes as [World['communes'][0], World['communes'][0], World['communes'][0]];
  const make = async (
    unit: typeof c0,
    status: InitiativeStatus,
    o: {
      kind?: 'collective' | 'individual';
      field?: string;
      lrp?: string | null;
      /** The newest verified period: the latest report's unless told (only verified counts). */
      lvp?: string | null;
      createdAt?: Date;
      honours?: number;
    } = {},
  ) => {
    const ini = await the.model(cadre, unit, {
      status,
      ownerKind: o.kind ?? 'collective',
      field: o.field ?? 'economy',
      lastReportPeriod: o.lrp ?? null,
      createdAt: o.createdAt ?? BEFORE,
    });
    await Initiative.updateOne(
      { _id: ini._id },
      {
        $set: {
          lastVerifiedPeriod: o.lvp === undefined ? (o.lrp ?? null) : o.lvp,
          acceptedAt: o.createdAt ?? ACCEPTED_EARLY,
        },
      },
    );
    if (o.honours) {
      await Initiative.updateOne(
        { _id: ini._id },
        {
          $set: {
            honours: Array.from({ length: o.honours }, (_, i) => ({
              level: 'grassroots',
              year: YEAR,
              decisionNo: `${i + 1}/QĐ`,
              at: BEFORE,
            })),
          },
        },
      );
    }
    return ini;
  };
  // 1 open, reported this period, effective
  await make(c0, 'nurturing', { lrp: monthKey(0) });
  // 2 open, reported last period only: effective, not reported this period, not overdue
  await make(c0, 'nurturing', { kind: 'individual', field: 'culture-society', lrp: monthKey(-1) });
  // 3 open, never reported, registered before the period: overdue
  await make(c1, 'nurturing');
  // 4 open, never reported, but registered during this period: not overdue
  await make(c1, 'submitted', { createdAt: AFTER_PERIOD_START });
  // 5 at the district itself, just registered
  await make(world.chauThanh, 'registered', { kind: 'individual', field: 'defence-security' });
  // 6 honoured, reported this period: effective and honoured; open (an honoured model keeps reporting)
  await make(c2, 'honoured', { field: 'political-system', lrp: monthKey(0), honours: 1 });
  // 7 withdrawn: only in the status counts
  await make(c2, 'withdrawn', { lrp: monthKey(0) });
  // 8 Rạch Giá, open, reported
  await make(world.rachGia, 'nurturing', { lrp: monthKey(0) });
  // 9 Rạch Giá, returned
  await make(world.rachGia, 'returned', { kind: 'individual' });
  // 10 provincial agencies' bloc, selected, reported last period
  await make(world.unit('kg-khoi-cq'), 'selected', { field: 'culture-society', lrp: monthKey(-1) });
  // 11 at the province itself, appraised, never reported: overdue
  await make(world.province, 'appraised');
  // 12 honoured at grassroots and registered again for the district level
  await make(world.rachGia, 'registered', { honours: 1 });

  // Another campaign's model in the same unit must not count.
  const other = await Campaign.create({
    ...world.campaign,
    _id: new mongoose.Types.ObjectId(),
    code: `other-${randomUUID().slice(0, 6)}`,
  });
  const stray = await make(c0, 'nurturing', { lrp: monthKey(0) });
  await Initiative.updateOne({ _id: stray._id }, { $set: { campaignId: other._id } });
}

beforeEach(seedDataset);

const summary = (o: Partial<Parameters<typeof buildSummary>[0]> = {}) =>
  buildSummary({ campaign: world.campaign, today: TODAY, ...o });

const child = (s: Summary, code: string) => s.byChild.find((r) => r.code === code)!;

describe('summary figures match the dataset', () => {
  it('for the whole campaign', async () => {
    const s = await summary();
    expect(s.period).toEqual({ key: monthKey(0), previous: monthKey(-1) });
    expect(s.byStatus).toEqual({
      registered: 2,
      returned: 1,
      nurturing: 4,
      submitted: 1,
      appraised: 1,
      selected: 1,
      honoured: 1,
      withdrawn: 1,
    });
    expect(s.totals).toEqual({
      all: 12,
      withdrawn: 1,
      models: 11,
      accepted: 8,
      effective: 5,
      honoured: 2,
      open: 8,
      reported: 3,
      rate: 3 / 8,
      overdue: 2,
    });
    expect(s.byOwnerKind).toEqual({ collective: 8, individual: 3 });
    expect(s.byField.map((f) => [f.code, f.count])).toEqual([
      ['economy', 7],
      ['culture-society', 2],
      ['defence-security', 1],
      ['political-system', 1],
    ]);
  });

  it('by child unit, with the models at the scope unit itself in a row of their own', async () => {
    const s = await summary();
    // Every district-level unit appears, with or without models, in the tree's order.
    expect(s.byChild.filter((r) => !r.direct)).toHaveLength(20);
    expect(s.byChild[0]!.code).toBe('kg-rach-gia');
    expect(child(s, 'kg-chau-thanh')).toMatchObject({
      models: 6,
      effective: 3,
      honoured: 1,
      open: 5,
      reported: 2,
      overdue: 1,
      rate: 0.4,
    });
    expect(child(s, 'kg-chau-thanh').byStatus).toMatchObject({
      nurturing: 3,
      submitted: 1,
      registered: 1,
      honoured: 1,
      withdrawn: 1,
    });
    expect(child(s, 'kg-rach-gia')).toMatchObject({
      models: 3,
      effective: 1,
      honoured: 1,
      open: 1,
      reported: 1,
      rate: 1,
    });
    expect(child(s, 'kg-khoi-cq')).toMatchObject({ models: 1, effective: 1, open: 1, reported: 0, rate: 0 });
    expect(child(s, 'kg-ha-tien')).toMatchObject({ models: 0, open: 0, rate: null });
    const direct = s.byChild.at(-1)!;
    expect(direct).toMatchObject({
      direct: true,
      code: 'kg',
      name: 'Tỉnh Kiên Giang',
      models: 1,
      open: 1,
      overdue: 1,
    });
    expect(direct.byStatus.appraised).toBe(1);
    // The rows add up to the totals.
    const sum = (k: 'models' | 'effective' | 'honoured' | 'open' | 'reported' | 'overdue') =>
      s.byChild.reduce((a, r) => a + r[k], 0);
    for (const k of ['models', 'effective', 'honoured', 'open', 'reported', 'overdue'] as const) {
      expect(sum(k), k).toBe(s.totals[k]);
    }
  });

  it('puts the pilot unit next to the rest', async () => {
    const s = await summary();
    expect(s.pilot).toMatchObject({
      code: 'kg-chau-thanh',
      pilot: { models: 6, effective: 3, honoured: 1, open: 5, reported: 2, overdue: 1, rate: 0.4 },
      rest: { models: 5, effective: 2, honoured: 1, open: 3, reported: 1, overdue: 1, rate: 1 / 3 },
    });
  });

  it("for a district coordinator's subtree: communes as children, no pilot split", async () => {
    const s = await summary({ scopeUnitId: world.chauThanh._id });
    expect(s.unit.code).toBe('kg-chau-thanh');
    expect(s.totals).toMatchObject({ all: 7, models: 6, open: 5, reported: 2, effective: 3, overdue: 1 });
    expect(s.byChild.map((r) => [r.code, r.models])).toEqual([
      ['kg-ct-binh-an', 2],
      ['kg-ct-giuc-tuong', 2],
      ['kg-ct-minh-hoa', 1],
      ['kg-ct-mong-tho', 0],
      ['kg-chau-thanh', 1],
    ]);
    expect(child(s, 'kg-ct-giuc-tuong')).toMatchObject({ open: 2, reported: 0, overdue: 1 });
    expect(s.pilot).toBeNull();
  });

  it('filters by field, owner kind and unit', async () => {
    const eco = await summary({ filters: { field: 'economy' } });
    // Economy: models 1, 3, 4, 8, 9, 11, 12 (and 7, withdrawn); open 1, 3, 4, 8, 11.
    expect(eco.totals).toMatchObject({ all: 8, models: 7, open: 5, reported: 2, overdue: 2, honoured: 1 });
    expect(eco.byField.find((f) => f.code === 'economy')!.count).toBe(7);
    expect(eco.byField.find((f) => f.code === 'culture-society')!.count).toBe(0);

    const ind = await summary({ filters: { ownerKind: 'individual' } });
    expect(ind.totals.models).toBe(3);
    expect(ind.byOwnerKind).toEqual({ collective: 0, individual: 3 });

    const commune = await summary({ filters: { unitId: world.communes[1]!._id } });
    expect(commune.unit.code).toBe('kg-ct-giuc-tuong');
    expect(commune.scope.code).toBe('kg');
    expect(commune.totals).toMatchObject({ models: 2, open: 2, overdue: 1 });
    expect(commune.byChild).toEqual([expect.objectContaining({ direct: true, models: 2 })]);
  });

  it('counts as effective only models with a verified report; questioned or unverified never count', async () => {
    const before = await summary();
    // Model 1 reported this period, but the report was questioned (nothing verified).
    // (The other campaign's stray model matches too: without the campaign, which one came first
    // depended on the server's storage order.)
    const matching = await Initiative.find({
      campaignId: world.campaign._id,
      lastReportPeriod: monthKey(0),
      status: 'nurturing',
      unitPath: world.communes[0]!._id,
    });
    expect(matching).toHaveLength(1);
    const m1 = matching[0];
    await Initiative.updateOne({ _id: m1!._id }, { $set: { lastVerifiedPeriod: null } });
    const after = await summary();
    expect(after.totals.effective).toBe(before.totals.effective - 1);
    expect(after.totals.reported).toBe(before.totals.reported);
    // A verified report two periods back is outside the window of 2 periods.
    await Initiative.updateOne({ _id: m1!._id }, { $set: { lastVerifiedPeriod: monthKey(-2) } });
    expect((await summary()).totals.effective).toBe(before.totals.effective - 1);
    await Initiative.updateOne({ _id: m1!._id }, { $set: { lastVerifiedPeriod: monthKey(-1) } });
    expect((await summary()).totals.effective).toBe(before.totals.effective);
  });

  it('is not late before its first full period: accepted last month, late only from next month', async () => {
    const ini = await the.model(cadre, world.communes[3]!, { status: 'nurturing' });
    await Initiative.updateOne(
      { _id: ini._id },
      { $set: { acceptedAt: zonedInstant(`${monthKey(-1)}-10`, TZ, 10) } },
    );
    const now = await summary({ filters: { unitId: world.communes[3]!._id } });
    expect(now.totals.overdue).toBe(0);
    // Next month, the previous period (this month) was its first full one, with no report.
    const next = await summary({ today: `${monthKey(1)}-02`, filters: { unitId: world.communes[3]!._id } });
    expect(next.totals.overdue).toBe(1);
  });

  it('shows what "effective" and "overdue" mean in one line under the figures', async () => {
    const text = formatSummaryText(await summary(), 'vi');
    expect(text).toContain('Hiệu quả: có báo cáo được xác minh trong 2 kỳ gần nhất');
    expect(formatSummaryText(await summary(), 'en')).toContain(
      'Effective: a report verified within the last 2 periods',
    );
  });

  it('answers for a chosen period', async () => {
    const s = await summary({ filters: { periodKey: monthKey(-1) } });
    expect(s.period).toEqual({ key: monthKey(-1), previous: monthKey(-2) });
    // Latest report for the previous period or later: models 1, 2, 6, 8 and 10.
    expect(s.totals).toMatchObject({ open: 8, reported: 5, rate: 5 / 8, effective: 5 });
    // Every model was registered during the chosen period (or the period before it lies before the
    // campaign): nobody is overdue for it.
    expect(s.totals.overdue).toBe(0);
  });

  it('gives the current phase, days to the next deadline and what is due', async () => {
    const s = await summary();
    expect(s.state).toBe('running');
    expect(s.phase).toMatchObject({ code: 'step-1', start: day(-57) });
    expect(s.nextDeadline!.daysLeft).toBe(21);
    expect(s.nextDeadline!.due).toBe(day(21));
    expect(s.nextDeadline!.tasks.map((t) => t.code).sort()).toEqual([
      's1-committee',
      's1-register',
      's1-survey',
    ]);
    const after = await summary({ today: day(2000) });
    expect(after).toMatchObject({ state: 'ended', phase: null, nextDeadline: null });
  });

  it('reads initiatives and units only, never the reports collection', async () => {
    const seen: string[] = [];
    mongoose.set('debug', (collection: string) => {
      seen.push(collection);
    });
    try {
      await summary({ filters: { periodKey: monthKey(0) } });
    } finally {
      mongoose.set('debug', false);
    }
    expect(new Set(seen)).toEqual(new Set(['initiatives', 'units']));
  });

  it('refuses filters that do not fit the campaign or the scope', async () => {
    const cases: [Parameters<typeof buildSummary>[0], string][] = [
      [{ campaign: world.campaign, today: TODAY, filters: { field: 'sports' } }, 'field-unknown'],
      [{ campaign: world.campaign, today: TODAY, filters: { periodKey: `${YEAR}-Q4` } }, 'period-invalid'],
      [{ campaign: world.campaign, today: TODAY, filters: { periodKey: '2026-13' } }, 'period-invalid'],
      [
        { campaign: world.campaign, today: TODAY, filters: { ownerKind: 'family' as 'individual' } },
        'owner-kind-unknown',
      ],
      [
        {
          campaign: world.campaign,
          today: TODAY,
          scopeUnitId: world.chauThanh._id,
          filters: { unitId: world.rachGia._id },
        },
        'unit-out-of-scope',
      ],
      [{ campaign: world.campaign, today: TODAY, scopeUnitId: 'nope' }, 'unit-not-found'],
      [
        { campaign: world.campaign, today: TODAY, filters: { unitId: new mongoose.Types.ObjectId() } },
        'unit-not-found',
      ],
    ];
    for (const [req, reason] of cases) {
      const err = await buildSummary(req).catch((e: unknown) => e);
      expect(err, reason).toBeInstanceOf(SummaryRequestError);
      expect((err as SummaryRequestError).reason).toBe(reason);
    }
  });
});

describe('who may see which summary', () => {
  it('gives the board the whole campaign and a coordinator their subtree', async () => {
    const board = principalOf(await the.user('board', world.province));
    const coord = principalOf(await the.user('coordinator', world.chauThanh));
    const outsider = principalOf(await the.user('coordinator', world.rachGia));
    const admin = principalOf(await the.user('admin', world.province));
    const campaign = world.campaign as CampaignDoc;
    expect(await resolveSummaryScope(board, campaign)).toMatchObject({
      ok: true,
      scopeUnitId: String(world.province._id),
    });
    expect(await resolveSummaryScope(admin, campaign)).toMatchObject({
      ok: true,
      scopeUnitId: String(world.province._id),
    });
    expect(await resolveSummaryScope(coord, campaign)).toMatchObject({
      ok: true,
      scopeUnitId: String(world.chauThanh._id),
    });
    expect(
      await resolveSummaryScope(coord, campaign, { unitId: world.communes[2]!._id }, 'export.create'),
    ).toMatchObject({ ok: true, scopeUnitId: String(world.chauThanh._id) });
    expect(await resolveSummaryScope(coord, campaign, { unitId: world.rachGia._id })).toEqual({
      ok: false,
      reason: 'unit-out-of-scope',
    });
    expect(await resolveSummaryScope(outsider, campaign, { unitId: world.communes[0]!._id })).toEqual({
      ok: false,
      reason: 'unit-out-of-scope',
    });
    expect(await resolveSummaryScope(principalOf(cadre), campaign)).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    expect(await resolveSummaryScope(coord, campaign, { unitId: 'x' })).toEqual({
      ok: false,
      reason: 'unit-not-found',
    });
    expect(await resolveSummaryScope(board, campaign, { field: 'sports' })).toEqual({
      ok: false,
      reason: 'field-unknown',
    });
    expect(await resolveSummaryScope(board, campaign, { periodKey: monthShown(0) })).toEqual({
      ok: false,
      reason: 'period-invalid',
    });
    // A coordinator with grants in two districts gets the first by default, the other on request.
    const two = await the.user('coordinator', world.chauThanh);
    const { grantRole } = await import('../../src/services/users.ts');
    const both = principalOf(
      await grantRole(two.telegramId, 'coordinator', world.rachGia._id, { clock: { now: () => BEFORE } }),
    );
    const r = await resolveSummaryScope(both, campaign, { unitId: world.rachGia._id });
    expect(r).toMatchObject({ ok: true, scopeUnitId: String(world.rachGia._id) });
  });
});

describe('summary text', () => {
  it('reads in Vietnamese with vi-VN numbers and dd/mm/yyyy dates', async () => {
    const text = formatSummaryText(await summary(), 'vi');
    expect(text).toContain(`Phạm vi: Tỉnh Kiên Giang · ngày ${shown(0)}`);
    expect(text).toContain('Giai đoạn hiện tại: Bước 1');
    expect(text).toContain(`(${shown(-57)} – ${shown(21)})`);
    expect(text).toContain(`Hạn kế tiếp: ${shown(21)} (còn 21 ngày)`);
    expect(text).toContain('Mô hình: 11 đăng ký · 5 hiệu quả · 2 được biểu dương');
    expect(text).toContain('Tập thể: 8 · Cá nhân: 3');
    expect(text).toContain(`Báo cáo kỳ ${monthShown(0)}: 3/8 mô hình đã báo cáo (37,5%)`);
    expect(text).toContain(`Quá hạn, chưa báo cáo từ kỳ ${monthShown(-1)}: 2 mô hình`);
    expect(text).toContain('Điểm chỉ đạo Huyện Châu Thành: 6 mô hình, 3 hiệu quả, tỷ lệ báo cáo 40%');
    expect(text).toContain('• Đang chăm bồi: 4');
    expect(text).toContain('• Kinh tế: 7');
    expect(text).toContain('• Huyện Châu Thành: 6 / 3 / 1 · 40%');
    expect(text).toContain('• Tỉnh Kiên Giang (trực thuộc): 1 / 0 / 0 · 0%');
    expect(text).not.toMatch(/\{|\}|summary-/);
    expect(text.length).toBeLessThan(4096);
  });

  it('reads in English, caps long unit lists, and says when there is nothing', async () => {
    const s = await summary({
      filters: { field: 'economy', ownerKind: 'collective', periodKey: monthKey(0) },
    });
    const text = formatSummaryText(s, 'en', { maxUnits: 5 });
    expect(text).toContain(`Filters: field Economy; Collective; period ${monthShown(0)}`);
    expect(text).toContain(`Next deadline: ${shown(21)} (21 days left)`);
    expect(text).toContain('… and 16 more units');
    expect(text).not.toMatch(/\{|\}|summary-/);
    await Initiative.deleteMany({});
    const empty = formatSummaryText(await summary(), 'vi');
    expect(empty).toContain('Chưa có mô hình nào trong phạm vi này.');
  });

  it('escapes names for the HTML parse mode and bolds the headings', async () => {
    await mongoose
      .model('Unit')
      .updateOne({ _id: world.rachGia._id }, { $set: { name: 'Rạch Giá <TP> & Cảng' } });
    const html = formatSummaryText(await summary(), 'vi', { html: true });
    expect(html).toContain('• Rạch Giá &lt;TP&gt; &amp; Cảng: 3 / 1 / 1 · 100%');
    expect(html.split('\n')[0]).toBe('<b>📊 TỔNG HỢP PHONG TRÀO "DÂN VẬN KHÉO"</b>');
    expect(html).toContain('<b>Theo lĩnh vực:</b>');
    expect(formatSummaryText(await summary(), 'vi')).toContain('• Rạch Giá <TP> & Cảng: 3 / 1 / 1 · 100%');
  });

  it('formats large numbers the Vietnamese way', () => {
    expect(numberFormat('vi').n(1234567)).toBe('1.234.567');
    expect(numberFormat('vi').pct(0.625)).toBe('62,5%');
    expect(numberFormat('en').n(1234567)).toBe('1,234,567');
    expect(numberFormat('vi').pct(null)).toBe('—');
  });
});

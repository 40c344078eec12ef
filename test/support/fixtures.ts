import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Types } from 'mongoose';
import { ManualClock } from '../../src/clock.ts';
import { settleReportCount } from '../../src/db/models/derived-counts.ts';
import {
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  ProgressReport,
  type Role,
  Unit,
  type UnitDoc,
  type UserDoc,
} from '../../src/db/models/index.ts';
import {
  addDays,
  type Day,
  daysBetween,
  formatDay,
  localDay,
  zonedInstant,
} from '../../src/domain/calendar.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import { shiftTemplate, unitTreeSchema } from '../../src/domain/templates.ts';
import { createCampaign, DEFAULT_UNITS, loadTemplate } from '../../src/services/campaigns.ts';
import { importUnits } from '../../src/services/units.ts';
import { grantRole } from '../../src/services/users.ts';

/**
 * The one setting every test clock starts from: TEST_BASE_DATE (an ISO instant), by default
 * 27/11/2026 09:00 in Hồ Chí Minh City. The test campaign starts 57 days before it, so the base
 * date always falls inside step 1, as it does with the default. Every date a test expects is
 * computed from it (`day`, `shown`, `at`), so the suite gives the same result on any day and for
 * any base date: `TEST_BASE_DATE=2031-08-04T02:00:00Z npm test`.
 */
export const DEFAULT_BASE_DATE = '2026-11-27T02:00:00Z';
export const NOW = parseBaseDate(process.env.TEST_BASE_DATE);
export const clock = () => new ManualClock(NOW);
export const TZ = 'Asia/Ho_Chi_Minh';
/** The base date's local day. */
export const TODAY: Day = localDay(NOW, TZ);
/** How many days before the base date the test campaign starts (01/10 -> 27/11 with the default). */
export const CAMPAIGN_LEAD_DAYS = 57;
export const CAMPAIGN_START: Day = addDays(TODAY, -CAMPAIGN_LEAD_DAYS);
/** The local day `n` days from the base date. */
export const day = (n = 0): Day => addDays(TODAY, n);
/** The same day as a person sees it (dd/mm/yyyy). */
export const shown = (n = 0): string => formatDay(day(n));
/** The instant of local `hour:minute` on the day `n` days from the base date. */
export const at = (n: number, hour = 9, minute = 0): Date => zonedInstant(day(n), TZ, hour, minute);
/** The monthly period key (`YYYY-MM`) `n` months from the base date's month. */
export function monthKey(n = 0): string {
  const [y, m] = TODAY.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** The base date's local day with the default setting. */
export const DEFAULT_TODAY: Day = '2026-11-27';
/**
 * A day written as it falls with the default base date, moved by as many days as the base date
 * is from the default: `moved('2026-12-18')` is the end of step 1 whatever TEST_BASE_DATE says.
 * Keeps every relation to the campaign's phases and deadlines (not to weekdays or month ends).
 */
export const moved = (defaultDay: Day): Day => addDays(TODAY, daysBetween(DEFAULT_TODAY, defaultDay));
/** `moved(defaultDay)` as a person sees it (dd/mm/yyyy). */
export const movedShown = (defaultDay: Day): string => formatDay(moved(defaultDay));
/** The first Monday after the base date (the weekly digest's day with DIGEST_WEEKDAY=1). */
export const nextMonday = (): Day => {
  const weekday = new Date(`${TODAY}T00:00:00Z`).getUTCDay();
  return day((8 - weekday) % 7 || 7);
};

/** The same period as a person sees it: `MM/YYYY`. */
export const monthShown = (n = 0): string => {
  const [y, m] = monthKey(n).split('-');
  return `${m}/${y}`;
};
/** The last day of the month `n` months from the base date's, as a person sees it. */
export const endOfMonthShown = (n = 0): string => {
  const [y, m] = monthKey(n + 1).split('-');
  return formatDay(addDays(`${y}-${m}-01`, -1));
};
/** The base date's local year. */
export const YEAR = Number(TODAY.slice(0, 4));

function parseBaseDate(raw: string | undefined): Date {
  const value = raw?.trim() || DEFAULT_BASE_DATE;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime()))
    throw new Error(`TEST_BASE_DATE must be an ISO instant such as ${DEFAULT_BASE_DATE}, got "${value}"`);
  return date;
}

export interface World {
  campaign: CampaignDoc;
  province: UnitDoc;
  chauThanh: UnitDoc;
  rachGia: UnitDoc;
  communes: UnitDoc[];
  unit(code: string): UnitDoc;
}

/**
 * The province's 2011 tree plus Châu Thành's communes, and the 2011-2015 plan shifted so that
 * it starts 57 days before the base date (with the default: 01/10/2026, step 1 to 18/12/2026).
 */
export async function seedWorld(
  opts: { start?: Day; cadence?: 'monthly' | 'quarterly' } = {},
): Promise<World> {
  const tree = unitTreeSchema.parse(JSON.parse(readFileSync(DEFAULT_UNITS, 'utf8')));
  await importUnits(tree.units);
  const communes = ['binh-an', 'giuc-tuong', 'minh-hoa', 'mong-tho'].map((c, i) => ({
    code: `kg-ct-${c}`,
    name: ['Xã Bình An', 'Xã Giục Tượng', 'Xã Minh Hòa', 'Xã Mong Thọ'][i]!,
    level: 'commune',
    parent: 'kg-chau-thanh',
    pilot: false,
    order: i,
  }));
  await importUnits(communes);
  const t = shiftTemplate(
    loadTemplate(),
    { start: opts.start ?? CAMPAIGN_START },
    { code: `test-${randomUUID().slice(0, 8)}` },
  );
  if (opts.cadence) t.reportCadence = opts.cadence;
  const campaign = await createCampaign(t, 'kg', { now: NOW });
  const units = await Unit.find().lean<UnitDoc[]>();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const unit = (code: string) => {
    const u = byCode.get(code);
    if (!u) throw new Error(`no unit ${code}`);
    return u;
  };
  return {
    campaign,
    province: unit('kg'),
    chauThanh: unit('kg-chau-thanh'),
    rachGia: unit('kg-rach-gia'),
    communes: communes.map((c) => unit(c.code)),
    unit,
  };
}

let nextTelegramId = 100_000;
export async function makeUser(
  role: Role | null,
  unit: UnitDoc | null,
  name = 'Người thử',
): Promise<UserDoc> {
  const telegramId = nextTelegramId++;
  const { User } = await import('../../src/db/models/index.ts');
  await User.create({ telegramId, name, language: 'vi', onboarded: true });
  if (role && unit) await grantRole(telegramId, role, unit._id, { clock: clock() });
  return (await User.findOne({ telegramId }).lean<UserDoc>())!;
}

/** The parts of a registration that tests take as given (a women's union savings group). */
export const SAMPLE_MODEL = {
  ownerKind: 'collective' as const,
  ownerName: 'Chi hội Phụ nữ ấp Bình Lợi',
  field: 'economy',
  targetLevel: 'grassroots' as const,
  situation: 'Nhiều hộ nghèo thiếu vốn sản xuất nhỏ.',
  goals: 'Mỗi năm giúp 10 hộ có vốn làm ăn.',
  content: 'Hội viên góp tiết kiệm hằng tháng, cho hộ nghèo vay không lãi.',
  area: 'Ấp Bình Lợi',
  beneficiaries: 'Hộ nghèo, cận nghèo',
  forces: 'Chi hội Phụ nữ chủ trì, Mặt trận phối hợp',
  resources: 'Tiền góp của hội viên',
  outputs: 'Sổ theo dõi vốn vay, biên bản họp',
  indicators: [{ name: 'Số hộ được vay', unit: 'hộ', target: 10 }],
  sustainability: 'Vốn quay vòng, nhân rộng sang ấp khác',
};

export async function makeInitiative(
  world: World,
  owner: UserDoc,
  unit: UnitDoc,
  overrides: Partial<{
    status: InitiativeStatus;
    field: string;
    ownerKind: 'collective' | 'individual';
    title: string;
    createdAt: Date;
    lastReportPeriod: string | null;
  }> = {},
): Promise<InitiativeDoc> {
  const n = await Initiative.countDocuments();
  const doc = await Initiative.create({
    ...SAMPLE_MODEL,
    code: `DVK-T-${String(n + 1).padStart(4, '0')}-${randomUUID().slice(0, 4)}`,
    sourceKey: randomUUID(),
    campaignId: world.campaign._id,
    unitId: unit._id,
    unitPath: unit.path,
    ownerKind: overrides.ownerKind ?? 'collective',
    createdBy: owner._id,
    createdByTelegramId: owner.telegramId,
    field: overrides.field ?? 'economy',
    title: overrides.title ?? 'Mô hình "Tiết kiệm vì người nghèo"',
    startDate: day(-26),
    evaluationDate: day(338),
    status: overrides.status ?? 'registered',
    lastReportPeriod: overrides.lastReportPeriod ?? null,
    // From the test clock, as the services do: never the day the tests happen to run.
    createdAt: overrides.createdAt ?? NOW,
    statusChangedAt: NOW,
  });
  return doc.toObject() as InitiativeDoc;
}

export async function makeReport(
  initiative: InitiativeDoc,
  by: UserDoc,
  periodKey: string,
  overrides: Partial<{ progress: number; submittedAt: Date }> = {},
) {
  const doc = await ProgressReport.create({
    initiativeId: initiative._id,
    campaignId: initiative.campaignId,
    unitId: initiative.unitId,
    unitPath: initiative.unitPath,
    periodKey,
    activities: 'Họp chi hội, giải ngân cho 2 hộ.',
    indicatorValues: [{ name: 'Số hộ được vay', value: 2 }],
    progress: overrides.progress ?? 20,
    participants: 25,
    beneficiaries: 2,
    funds: 10_000_000,
    evidence: [{ kind: 'photo', fileId: 'AgAC-photo', fileUniqueId: 'u1' }],
    summary: 'Đúng tiến độ.',
    submittedBy: by._id,
    submittedAt: overrides.submittedAt ?? NOW,
  });
  await Initiative.updateOne(
    { _id: initiative._id },
    { $set: { lastReportAt: doc.submittedAt, lastReportPeriod: periodKey, progress: doc.progress } },
  );
  // Counted from the reports, as the bot does (an $inc loses counts when fixtures run concurrently).
  await settleReportCount(initiative._id);
  return doc.toObject();
}

export type Id = Types.ObjectId;

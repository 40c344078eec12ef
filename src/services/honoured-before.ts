import { createHash } from 'node:crypto';
import { isValidObjectId, type Types } from 'mongoose';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { CampaignDoc, InitiativeDoc, UserDoc } from '../db/models/index.ts';
import { Campaign, Initiative, isDuplicateKey, nextSequence, Unit, User } from '../db/models/index.ts';
import { type Day, isValidDay, localDay } from '../domain/calendar.ts';
import { foldText } from '../domain/filters.ts';
import { can, isAdmin, type Principal, scopeRoots } from '../domain/permissions.ts';
import { campaignReadOnly } from '../domain/read-only.ts';
import { splitCsvLine } from '../domain/templates.ts';
import { translator } from '../i18n.ts';
import { recordAudit } from './audit.ts';
import { codePrefixOf } from './campaigns.ts';
import type { ReviewFailure } from './reviews.ts';

/**
 * Models honoured before the campaign (issue 10, item 5; the plan: "tiếp tục đánh giá lại các mô
 * hình đã được biểu dương năm 2010"). A coordinator or board member enters one from the bot, or an
 * operator imports a list (`npm run admin -- models import-honoured FILE.csv`). Such a model is
 * recorded as honoured, with its old honour (`beforeCampaign: true`, no round), at the honour's
 * level: it is listed with the honoured models, may be put forward into a round of this campaign
 * like any other (re-assessment), register for the next level, and be named as a replication's
 * source. Only what the honour says is asked; the registration's other parts stay empty.
 */

type Id = Types.ObjectId | string;
const TZ = 'Asia/Ho_Chi_Minh';

export const honouredBeforeSchema = z.object({
  title: z.string().trim().min(5, 'at least 5 characters').max(200, 'at most 200 characters'),
  unitId: z.string().regex(/^[a-f0-9]{24}$/, 'not a unit'),
  field: z.string().min(1, 'required'),
  ownerKind: z.enum(['collective', 'individual']),
  ownerName: z.string().trim().min(2, 'at least 2 characters').max(200, 'at most 200 characters'),
  level: z.string().min(1, 'required'),
  decisionNo: z.string().trim().min(1, 'required').max(80, 'at most 80 characters'),
  decisionDate: z.string().refine(isValidDay, 'not a date'),
});
export type HonouredBeforeInput = z.infer<typeof honouredBeforeSchema>;

/** Why an entry is refused (the bot words it; the import prints the English of it). */
export type EntryProblem =
  | 'invalid'
  | 'unknown-unit'
  | 'outside-scope'
  | 'bad-field'
  | 'bad-level'
  | 'not-before-campaign';

const fail = (reason: ReviewFailure['reason'], extra: Omit<ReviewFailure, 'ok' | 'reason'> = {}) =>
  ({ ok: false, reason, ...extra }) as ReviewFailure;

/** The units where this person reviews (coordinator, board), inside the campaign's tree. */
async function scopeUnits(p: Principal, campaign: Pick<CampaignDoc, 'rootUnitId'>) {
  const roots = scopeRoots(p, 'review.queue');
  if (roots === 'all') return Unit.find({ _id: campaign.rootUnitId }, { name: 1, path: 1 }).lean();
  return Unit.find(
    { _id: { $in: roots.filter(isValidObjectId) }, path: campaign.rootUnitId },
    { name: 1, path: 1 },
  )
    .sort({ depth: 1, order: 1 })
    .lean();
}

/**
 * Checked before the form asks anything: a coordinator or board member with a scope in the
 * campaign's tree (an admin anywhere), while the campaign runs.
 */
export async function canEnterHonoured(
  p: Principal,
  campaignId: Id,
  clock: Clock,
): Promise<ReviewFailure | null> {
  if (!isValidObjectId(campaignId)) return fail('not-found');
  const campaign = await Campaign.findById(campaignId).lean<CampaignDoc>();
  if (!campaign) return fail('not-found');
  if (!isAdmin(p) && (await scopeUnits(p, campaign)).length === 0) return fail('not-allowed');
  const ro = campaignReadOnly(campaign, localDay(clock.now(), TZ));
  return ro.readOnly ? fail('campaign-read-only', { current: ro.why, detail: campaign.end }) : null;
}

export interface HonouredBeforeSetup {
  campaign: {
    id: string;
    start: Day;
    fields: { code: string; name: string; nameEn: string }[];
    levels: string[];
  };
  roots: { id: string; name: string }[];
}

/** What the form offers: the campaign's fields and levels, the person's units (after the check). */
export async function honouredBeforeSetup(p: Principal, campaignId: Id): Promise<HonouredBeforeSetup | null> {
  const campaign = isValidObjectId(campaignId)
    ? await Campaign.findById(campaignId).lean<CampaignDoc>()
    : null;
  if (!campaign) return null;
  const units = await scopeUnits(p, campaign);
  return {
    campaign: {
      id: String(campaign._id),
      start: campaign.start,
      fields: campaign.fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn ?? f.name })),
      levels: [...campaign.targetLevels],
    },
    roots: units.map((u) => ({ id: String(u._id), name: u.name })),
  };
}

/** The checks that depend on the campaign and the unit tree (both paths: the bot and the import). */
async function checkEntry(
  input: HonouredBeforeInput,
  campaign: CampaignDoc,
): Promise<
  | { ok: true; unit: { _id: Types.ObjectId; path: Types.ObjectId[]; name: string } }
  | { ok: false; problem: EntryProblem }
> {
  const unit = await Unit.findOne({ _id: input.unitId, active: true }, { path: 1, name: 1 }).lean();
  if (!unit?.path.some((id) => id.equals(campaign.rootUnitId))) return { ok: false, problem: 'unknown-unit' };
  if (!campaign.fields.some((f) => f.code === input.field)) return { ok: false, problem: 'bad-field' };
  if (!campaign.targetLevels.includes(input.level)) return { ok: false, problem: 'bad-level' };
  if (!(input.decisionDate < campaign.start)) return { ok: false, problem: 'not-before-campaign' };
  return { ok: true, unit };
}

async function createEntry(
  input: HonouredBeforeInput,
  ctx: {
    campaign: CampaignDoc;
    unit: { _id: Types.ObjectId; path: Types.ObjectId[] };
    by: UserDoc;
    sourceKey: string;
    now: Date;
    via: string;
  },
): Promise<InitiativeDoc> {
  const year = localDay(ctx.now, TZ).slice(0, 4);
  const prefix = await codePrefixOf(ctx.campaign, ctx.now);
  const seq = await nextSequence(`initiative:${String(ctx.campaign._id)}:${year}`, ctx.now);
  const doc = await Initiative.create({
    code: `${prefix}-${year}-${String(seq).padStart(4, '0')}`,
    sourceKey: ctx.sourceKey,
    campaignId: ctx.campaign._id,
    unitId: ctx.unit._id,
    unitPath: ctx.unit.path,
    ownerKind: input.ownerKind,
    ownerName: input.ownerName,
    createdBy: ctx.by._id,
    createdByTelegramId: ctx.by.telegramId,
    field: input.field,
    targetLevel: input.level,
    title: input.title,
    // Re-assessed within this campaign: its period is the campaign's.
    startDate: ctx.campaign.start,
    evaluationDate: ctx.campaign.end,
    indicators: [],
    status: 'honoured',
    statusChangedAt: ctx.now,
    acceptedAt: ctx.now,
    createdAt: ctx.now,
    honours: [
      {
        level: input.level,
        year: Number(input.decisionDate.slice(0, 4)),
        decisionNo: input.decisionNo,
        by: ctx.by._id,
        at: ctx.now,
        roundId: null,
        occasion: 1,
        decisionDate: input.decisionDate,
        beforeCampaign: true,
      },
    ],
  });
  await recordAudit({
    at: ctx.now,
    actorId: ctx.by._id,
    actorTelegramId: ctx.by.telegramId,
    entity: 'initiative',
    entityId: doc._id,
    action: 'register',
    to: 'honoured',
    note: `honoured before the campaign: ${input.level} ${input.decisionNo} ${input.decisionDate} (${ctx.via})`,
    unitPath: ctx.unit.path,
  });
  return doc.toObject() as InitiativeDoc;
}

export type EnterResult =
  | { ok: true; created: boolean; initiative: InitiativeDoc }
  | ReviewFailure
  | { ok: false; reason: 'entry'; problem: EntryProblem };

/**
 * Enters a model honoured before the campaign, from the bot. The person's scope must hold the unit;
 * `sourceKey` (one per form) makes a second confirm return the first record.
 */
export async function enterHonouredBefore(
  p: Principal,
  raw: unknown,
  opts: { campaignId: Id; sourceKey: string; clock: Clock },
): Promise<EnterResult> {
  const refused = await canEnterHonoured(p, opts.campaignId, opts.clock);
  if (refused) return refused;
  const existing = await Initiative.findOne({ sourceKey: opts.sourceKey }).lean<InitiativeDoc>();
  if (existing) return { ok: true, created: false, initiative: existing };
  const parsed = honouredBeforeSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'entry', problem: 'invalid' };
  const campaign = (await Campaign.findById(opts.campaignId).lean<CampaignDoc>())!;
  const check = await checkEntry(parsed.data, campaign);
  if (!check.ok) return { ok: false, reason: 'entry', problem: check.problem };
  if (!can(p, 'review.queue', { unitPath: check.unit.path.map(String) }))
    return { ok: false, reason: 'entry', problem: 'outside-scope' };
  const by = await User.findById(p.userId).lean<UserDoc>();
  if (!by) return fail('not-allowed');
  try {
    const initiative = await createEntry(parsed.data, {
      campaign,
      unit: check.unit,
      by,
      sourceKey: opts.sourceKey,
      now: opts.clock.now(),
      via: 'bot',
    });
    return { ok: true, created: true, initiative };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const again = await Initiative.findOne({ sourceKey: opts.sourceKey }).lean<InitiativeDoc>();
    if (!again) throw err;
    return { ok: true, created: false, initiative: again };
  }
}

// ---------------------------------------------------------------------------------------------
// The import: `npm run admin -- models import-honoured FILE.csv --campaign CODE --by TELEGRAM_ID`

export const IMPORT_COLUMNS = [
  'unit_code',
  'title',
  'field',
  'owner_kind',
  'owner_name',
  'level',
  'decision_no',
  'decision_date',
] as const;

export interface ImportReport {
  ok: boolean;
  /** Problems, one per bad row or cell: `line N: column: what is wrong`. Nothing is written if any. */
  errors: string[];
  created: { line: number; code: string; title: string }[];
  /** Rows imported by an earlier run (same campaign, unit, title and decision): left as they are. */
  already: { line: number; code: string }[];
}

function parseDay(raw: string): Day | null {
  const s = raw.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const day = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : s;
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && isValidDay(day) ? day : null;
}

/** A code, or its Vietnamese or English name with or without diacritics. */
function pick(raw: string, options: { code: string; names: string[] }[]): string | null {
  const f = foldText(raw);
  if (!f) return null;
  return options.find((o) => foldText(o.code) === f || o.names.some((n) => foldText(n) === f))?.code ?? null;
}

/**
 * Reads the CSV (header `unit_code,title,field,owner_kind,owner_name,level,decision_no,decision_date`),
 * checks every row, and imports all of them or none: with any bad row the report lists each
 * problem and nothing is written. Values may be codes or Vietnamese names (`kinh tế`, `tập thể`,
 * `Huyện`); dates dd/mm/yyyy or yyyy-mm-dd, before the campaign's start.
 */
export async function importHonoured(
  text: string,
  opts: { campaignCode: string; byTelegramId: number; clock: Clock },
): Promise<ImportReport> {
  const report: ImportReport = { ok: false, errors: [], created: [], already: [] };
  const campaign = await Campaign.findOne({ code: opts.campaignCode }).lean<CampaignDoc>();
  if (!campaign) {
    report.errors.push(`no campaign ${opts.campaignCode}`);
    return report;
  }
  const by = await User.findOne({ telegramId: opts.byTelegramId }).lean<UserDoc>();
  if (!by) {
    report.errors.push(`--by: no person with Telegram id ${opts.byTelegramId} (they must have used the bot)`);
    return report;
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    report.errors.push(`the header lacks ${missing.map((m) => `"${m}"`).join(', ')}`);
    return report;
  }
  const vi = translator('vi');
  const en = translator('en');
  const fields = campaign.fields.map((f) => ({ code: f.code, names: [f.name, f.nameEn ?? ''] }));
  const levels = campaign.targetLevels.map((l) => ({ code: l, names: [vi(`level-${l}`), en(`level-${l}`)] }));
  const kinds = (['collective', 'individual'] as const).map((k) => ({
    code: k,
    names: [vi(`owner-${k}`), en(`owner-${k}`)],
  }));
  const rows: {
    line: number;
    input: HonouredBeforeInput;
    unit: { _id: Types.ObjectId; path: Types.ObjectId[] };
    key: string;
  }[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const line = i + 1;
    const cells = splitCsvLine(lines[i]!);
    const get = (c: (typeof IMPORT_COLUMNS)[number]) => (cells[header.indexOf(c)] ?? '').trim();
    const errors: string[] = [];
    const unit = get('unit_code')
      ? await Unit.findOne(
          { code: get('unit_code'), active: true, path: campaign.rootUnitId },
          { path: 1 },
        ).lean()
      : null;
    if (!unit) errors.push(`unit_code: no active unit "${get('unit_code')}" in the campaign's tree`);
    const field = pick(get('field'), fields);
    if (!field)
      errors.push(`field: "${get('field')}" is not one of ${campaign.fields.map((f) => f.code).join(', ')}`);
    const ownerKind = pick(get('owner_kind'), kinds);
    if (!ownerKind) errors.push(`owner_kind: "${get('owner_kind')}" is not collective or individual`);
    const level = pick(get('level'), levels);
    if (!level) errors.push(`level: "${get('level')}" is not one of ${campaign.targetLevels.join(', ')}`);
    const decisionDate = parseDay(get('decision_date'));
    if (!decisionDate) errors.push(`decision_date: "${get('decision_date')}" is not a date (dd/mm/yyyy)`);
    else if (!(decisionDate < campaign.start))
      errors.push(
        `decision_date: ${get('decision_date')} is not before the campaign's start ${campaign.start}`,
      );
    const input = {
      title: get('title'),
      unitId: unit ? String(unit._id) : '000000000000000000000000',
      field: field ?? '',
      ownerKind: (ownerKind ?? 'collective') as 'collective' | 'individual',
      ownerName: get('owner_name'),
      level: level ?? '',
      decisionNo: get('decision_no'),
      decisionDate: decisionDate ?? '',
    };
    const parsed = honouredBeforeSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = { title: 'title', ownerName: 'owner_name', decisionNo: 'decision_no' }[
          String(issue.path[0])
        ];
        if (col) errors.push(`${col}: ${issue.message}`);
      }
    }
    const key = createHash('sha256')
      .update(
        [String(campaign._id), get('unit_code'), foldText(get('title')), foldText(get('decision_no'))].join(
          '|',
        ),
      )
      .digest('hex')
      .slice(0, 32);
    const twin = seen.get(key);
    if (twin) errors.push(`the same model and decision as line ${twin}`);
    seen.set(key, line);
    for (const e of errors) report.errors.push(`line ${line}: ${e}`);
    if (errors.length === 0 && parsed.success && unit) rows.push({ line, input: parsed.data, unit, key });
  }
  if (rows.length === 0 && report.errors.length === 0) report.errors.push('the file has no rows');
  if (report.errors.length) return report;

  // Every row is valid: write them, undoing this run's records if one write fails.
  const now = opts.clock.now();
  const made: Types.ObjectId[] = [];
  try {
    for (const r of rows) {
      const sourceKey = `honoured-before:${r.key}`;
      const existing = await Initiative.findOne({ sourceKey }, { code: 1 }).lean();
      if (existing) {
        report.already.push({ line: r.line, code: existing.code });
        continue;
      }
      const doc = await createEntry(r.input, { campaign, unit: r.unit, by, sourceKey, now, via: 'import' });
      made.push(doc._id);
      report.created.push({ line: r.line, code: doc.code, title: doc.title });
    }
  } catch (err) {
    await Initiative.deleteMany({ _id: { $in: made } });
    report.created = [];
    report.errors.push(`nothing imported: ${(err as Error).message}`);
    return report;
  }
  report.ok = true;
  return report;
}

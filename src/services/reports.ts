import type { Clock } from '../clock.ts';
import { countReports, settleReportCount } from '../db/models/derived-counts.ts';
import {
  AuditEvent,
  type CampaignDoc,
  Claim,
  Initiative,
  type InitiativeDoc,
  isDuplicateKey,
  ProgressReport,
  type ProgressReportDoc,
  tryClaim,
  type UserDoc,
} from '../db/models/index.ts';
import { rawCollection, toId } from '../db/raw.ts';
import { localDay } from '../domain/calendar.ts';
import { schemaOf } from '../domain/forms/field.ts';
import { type ReportInput, reportForm } from '../domain/forms/report.ts';
import { isOpenForReports } from '../domain/lifecycle.ts';
import { can } from '../domain/permissions.ts';
import { reportablePeriods } from '../domain/phases.ts';
import { recordAudit } from './audit.ts';
import { isCampaignClosed } from './campaigns.ts';
import { principalOf } from './users.ts';

/** The whole report's check, from every part of the form table. */
const reportSchema = schemaOf(reportForm);

export type SubmitReportResult =
  | { ok: true; report: ProgressReportDoc; amended: boolean; initiative: InitiativeDoc }
  | {
      ok: false;
      reason:
        | 'invalid'
        | 'not-found'
        | 'not-allowed'
        | 'closed'
        | 'bad-period'
        | 'evidence-required'
        | 'conflict'
        | 'campaign-closed';
      detail?: string;
    };

/** A fault to inject in tests: thrown between an amendment's claim and its write. */
export interface ReportFaults {
  afterClaim?: () => void | Promise<void>;
}

const MAX_AMEND_ROUNDS = 5;

/**
 * Files a progress report. One per model and period (unique index): sending again amends it,
 * keeping the superseded version in `history`.
 *
 * Idempotent on the draft (`sourceKey`), as registration is: the same draft sent twice (a double
 * tap, a redelivered update, two instances) makes one revision. An amendment of revision n first
 * inserts the claim `report-rev:<id>:<n+1>` carrying the new version; whoever finds that claim with
 * the report still at n applies it (the same write, from the same snapshot), so a crash between
 * the claim and the write is completed by the next attempt instead of blocking every later one.
 */
export async function submitReport(
  raw: unknown,
  ctx: {
    user: UserDoc;
    campaign: CampaignDoc;
    clock: Clock;
    timeZone: string;
    sourceKey: string;
    faults?: ReportFaults;
    /** The caller read `campaign` from the database just now: its status need not be read again. */
    campaignReadNow?: boolean;
  },
): Promise<SubmitReportResult> {
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', detail: parsed.error.issues[0]?.path.join('.') };
  const input = parsed.data as ReportInput;
  const initiative = await rawCollection<InitiativeDoc>(Initiative).findOne({
    _id: toId(input.initiativeId),
  });
  if (!initiative) return { ok: false, reason: 'not-found' };
  if (
    !can(principalOf(ctx.user), 'report.submit', {
      unitPath: initiative.unitPath.map(String),
      ownerId: String(initiative.createdBy),
    })
  ) {
    return { ok: false, reason: 'not-allowed' };
  }
  const now = ctx.clock.now();
  const filter = { initiativeId: initiative._id, periodKey: input.periodKey };
  let existing = await rawCollection<ProgressReportDoc>(ProgressReport).findOne(filter);
  // The same draft again: what the first attempt did stands; only unfinished steps are completed.
  if (existing && sentFrom(existing, ctx.sourceKey)) return finish(existing, initiative, ctx, now);
  const closed =
    ctx.campaignReadNow && String(ctx.campaign._id) === String(initiative.campaignId)
      ? ctx.campaign.status === 'closed'
      : await isCampaignClosed(initiative.campaignId);
  if (closed) return { ok: false, reason: 'campaign-closed' };
  if (!isOpenForReports(initiative.status)) return { ok: false, reason: 'closed' };
  if (!reportablePeriods(ctx.campaign, localDay(now, ctx.timeZone)).includes(input.periodKey)) {
    return { ok: false, reason: 'bad-period' };
  }
  if (ctx.campaign.evidenceRequired && input.evidence.length === 0)
    return { ok: false, reason: 'evidence-required' };
  const known = new Set(initiative.indicators.map((i) => i.name));
  if (input.indicatorValues.some((v) => !known.has(v.name)))
    return { ok: false, reason: 'invalid', detail: 'indicatorValues' };

  const body = {
    activities: input.activities,
    indicatorValues: input.indicatorValues,
    progress: input.progress,
    participants: input.participants,
    beneficiaries: input.beneficiaries,
    funds: input.funds,
    evidence: input.evidence,
    difficulties: input.difficulties,
    summary: input.summary,
    submittedBy: ctx.user._id,
    submittedAt: now,
    sourceKey: ctx.sourceKey,
  };
  if (!existing) {
    try {
      const created = await ProgressReport.create({
        ...body,
        initiativeId: initiative._id,
        campaignId: initiative.campaignId,
        unitId: initiative.unitId,
        unitPath: initiative.unitPath,
        periodKey: input.periodKey,
      });
      return finish(created.toObject() as ProgressReportDoc, initiative, ctx, now, { created: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      existing = await ProgressReport.findOne(filter).lean<ProgressReportDoc>();
      if (!existing) throw err;
      if (sentFrom(existing, ctx.sourceKey)) return finish(existing, initiative, ctx, now);
    }
  }

  for (let round = 0; round < MAX_AMEND_ROUNDS && existing; round++) {
    const key = `report-rev:${String(existing._id)}:${existing.revision + 1}`;
    if (await tryClaim(key, now, ctx.sourceKey, body)) {
      await ctx.faults?.afterClaim?.();
      await applyRevision(existing, body);
    } else {
      // Someone claimed this revision: complete their write (it may have crashed half-way), then
      // either it was ours (done) or amend on top of theirs.
      const claim = await Claim.findById(key).lean();
      if (claim?.payload) await applyRevision(existing, claim.payload as typeof body);
    }
    existing = await ProgressReport.findById(existing._id).lean<ProgressReportDoc>();
    if (existing && sentFrom(existing, ctx.sourceKey)) return finish(existing, initiative, ctx, now);
  }
  return { ok: false, reason: 'conflict' };
}

function sentFrom(report: ProgressReportDoc, sourceKey: string): boolean {
  return report.sourceKey === sourceKey || report.history.some((h) => h.sourceKey === sourceKey);
}

/**
 * Writes revision n+1 over revision n. Computed only from the revision-n snapshot and the claimed
 * body, so two writers completing the same claim write the same document (history is set, not
 * pushed, for that reason).
 */
async function applyRevision(existing: ProgressReportDoc, body: Record<string, unknown>): Promise<void> {
  const {
    _id,
    initiativeId,
    campaignId,
    unitId,
    unitPath,
    periodKey,
    history,
    verification,
    verificationNote,
    verifiedBy,
    verifiedAt,
    createdAt,
    updatedAt,
    demo,
    ...previous
  } = existing as ProgressReportDoc & { createdAt?: Date; updatedAt?: Date };
  await ProgressReport.updateOne(
    { _id: existing._id, revision: existing.revision },
    {
      $set: {
        ...body,
        revision: existing.revision + 1,
        verification: 'pending',
        verificationNote: null,
        verifiedBy: null,
        verifiedAt: null,
        history: [...history, previous],
      },
    },
    { runValidators: true },
  );
}

/**
 * The steps after the report itself: the model's denormalised figures and the audit event, each
 * safe to repeat. The audit key `report:<id>:rev<n>` marks revision n as complete.
 */
async function finish(
  report: ProgressReportDoc,
  initiative: InitiativeDoc,
  ctx: { user: UserDoc },
  now: Date,
  opts: { created?: boolean } = {},
): Promise<SubmitReportResult> {
  const amended = report.revision > 1;
  const auditKey = `report:${String(report._id)}:rev${report.revision}`;
  // A report this call has just inserted has no audit event yet (its id is new): nothing to look up.
  if (!opts.created && (await AuditEvent.exists({ key: auditKey }))) {
    const current = await Initiative.findById(initiative._id).lean<InitiativeDoc>();
    return { ok: true, report, amended, initiative: current ?? initiative };
  }
  // Denormalised on the model so summaries never scan reports.
  const newest = !initiative.lastReportPeriod || report.periodKey >= initiative.lastReportPeriod;
  const values = report.indicatorValues;
  const indicators = initiative.indicators.map((i) => {
    const v = values.find((x) => x.name === i.name);
    return newest && v ? { ...i, current: v.value } : i;
  });
  // Derived from the reports, not $inc'ed (see derived-counts.ts): concurrent reports lose no count.
  // Counted first and stored with the figures; then settled (read back and counted again), after
  // an amendment too: FerretDB writes the whole document, so a concurrent write may have put back
  // a count it read before.
  const counted = await countReports(initiative._id);
  const updated = await Initiative.findOneAndUpdate(
    { _id: initiative._id },
    {
      $set: {
        lastReportAt: report.submittedAt,
        reportCount: counted,
        ...(newest ? { lastReportPeriod: report.periodKey, progress: report.progress, indicators } : {}),
      },
    },
    { returnDocument: 'after' },
  ).lean<InitiativeDoc>();
  const reportCount = await settleReportCount(initiative._id, counted);
  try {
    await recordAudit({
      key: auditKey,
      at: now,
      actorId: report.submittedBy,
      actorTelegramId: String(report.submittedBy) === String(ctx.user._id) ? ctx.user.telegramId : null,
      entity: 'report',
      entityId: report._id,
      action: amended ? 'amend' : 'submit',
      to: report.periodKey,
      unitPath: initiative.unitPath,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return { ok: true, report, amended, initiative: { ...(updated ?? initiative), reportCount } };
}

export async function findReport(initiativeId: string, periodKey: string): Promise<ProgressReportDoc | null> {
  return ProgressReport.findOne({ initiativeId, periodKey }).lean<ProgressReportDoc>();
}

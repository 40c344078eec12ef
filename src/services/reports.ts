import type { Clock } from '../clock.ts';
import { settleReportCount } from '../db/models/derived-counts.ts';
import {
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  isDuplicateKey,
  ProgressReport,
  type ProgressReportDoc,
  tryClaim,
  type UserDoc,
} from '../db/models/index.ts';
import { localDay } from '../domain/calendar.ts';
import { type ReportInput, reportSchema } from '../domain/input.ts';
import { isOpenForReports } from '../domain/lifecycle.ts';
import { can } from '../domain/permissions.ts';
import { reportablePeriods } from '../domain/phases.ts';
import { recordAudit } from './audit.ts';
import { principalOf } from './users.ts';

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
        | 'conflict';
      detail?: string;
    };

/**
 * Files a progress report. One per model and period (unique index): sending again amends it,
 * keeping the superseded version in `history`. An amendment claims `report:<id>:rev<n>`, so two
 * amendments at once cannot both overwrite revision n.
 */
export async function submitReport(
  raw: unknown,
  ctx: { user: UserDoc; campaign: CampaignDoc; clock: Clock; timeZone: string },
): Promise<SubmitReportResult> {
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', detail: parsed.error.issues[0]?.path.join('.') };
  const input: ReportInput = parsed.data;
  const initiative = await Initiative.findById(input.initiativeId).lean<InitiativeDoc>();
  if (!initiative) return { ok: false, reason: 'not-found' };
  if (
    !can(principalOf(ctx.user), 'report.submit', {
      unitPath: initiative.unitPath.map(String),
      ownerId: String(initiative.createdBy),
    })
  ) {
    return { ok: false, reason: 'not-allowed' };
  }
  if (!isOpenForReports(initiative.status)) return { ok: false, reason: 'closed' };
  const now = ctx.clock.now();
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
  };
  let report: ProgressReportDoc | null = null;
  let amended = false;
  try {
    const created = await ProgressReport.create({
      ...body,
      initiativeId: initiative._id,
      campaignId: initiative.campaignId,
      unitId: initiative.unitId,
      unitPath: initiative.unitPath,
      periodKey: input.periodKey,
    });
    report = created.toObject() as ProgressReportDoc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await ProgressReport.findOne({
      initiativeId: initiative._id,
      periodKey: input.periodKey,
    }).lean<ProgressReportDoc>();
    if (!existing) throw err;
    if (
      !(await tryClaim(`report:${String(existing._id)}:rev${existing.revision}`, now, String(ctx.user._id)))
    ) {
      return { ok: false, reason: 'conflict' };
    }
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
    report = await ProgressReport.findOneAndUpdate(
      { _id: existing._id, revision: existing.revision },
      {
        $set: {
          ...body,
          revision: existing.revision + 1,
          verification: 'pending',
          verificationNote: null,
          verifiedBy: null,
          verifiedAt: null,
        },
        $push: { history: previous },
      },
      { returnDocument: 'after', runValidators: true },
    ).lean<ProgressReportDoc>();
    if (!report) return { ok: false, reason: 'conflict' };
    amended = true;
  }

  // Denormalised on the model so summaries never scan reports.
  const newest = !initiative.lastReportPeriod || input.periodKey >= initiative.lastReportPeriod;
  const indicators = initiative.indicators.map((i) => {
    const v = input.indicatorValues.find((x) => x.name === i.name);
    return newest && v ? { ...i, current: v.value } : i;
  });
  const updated = await Initiative.findOneAndUpdate(
    { _id: initiative._id },
    {
      $set: {
        lastReportAt: now,
        ...(newest ? { lastReportPeriod: input.periodKey, progress: input.progress, indicators } : {}),
      },
    },
    { returnDocument: 'after' },
  ).lean<InitiativeDoc>();
  // Derived from the reports, not $inc'ed (see derived-counts.ts): concurrent reports lose no count.
  // Settled after an amendment too: FerretDB writes the whole document, so the update above may
  // have put back a count it read before a concurrent report settled it.
  const reportCount = await settleReportCount(initiative._id);
  await recordAudit({
    at: now,
    actorId: ctx.user._id,
    actorTelegramId: ctx.user.telegramId,
    entity: 'report',
    entityId: report._id,
    action: amended ? 'amend' : 'submit',
    to: input.periodKey,
    unitPath: initiative.unitPath,
  });
  return { ok: true, report, amended, initiative: { ...(updated ?? initiative), reportCount } };
}

export async function findReport(initiativeId: string, periodKey: string): Promise<ProgressReportDoc | null> {
  return ProgressReport.findOne({ initiativeId, periodKey }).lean<ProgressReportDoc>();
}

import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../../clock.ts';
import { AuditEvent, Initiative, ProgressReport, type ProgressReportDoc } from '../../db/models/index.ts';
import { conflictOf } from '../../domain/council.ts';
import { can, isAdmin, type Principal } from '../../domain/permissions.ts';
import { claimWithAudit, recipients } from '../actors.ts';
import { modelFacts } from '../rounds.ts';
import { checkKeptAnswers, cleanText, fail, type Id, invalid, LIMITS, type VerifyResult } from './results.ts';
import { campaignReadOnlyOf } from './shared.ts';

/** Verifying a report: a reviewer in scope marks it verified or questions it, once per revision. */

export type Verdict = 'verified' | 'questioned';

/** A claim on a report revision older than this whose change never landed is completed. */
const STUCK_AFTER_MS = 30_000;

/**
 * Marks a report verified or questioned, once per revision. The audit event's unique key
 * `report:<id>:verify:rev<revision>` is the claim (on FerretDB a conditional update is not
 * atomic, a unique insert is): of two reviewers acting at once exactly one gets it.
 * A questioned report needs a note saying what is in doubt.
 */
export async function verifyReport(
  p: Principal,
  reportId: Id,
  input: { verdict: Verdict; note?: string | null; answers?: Record<string, unknown> },
  clock: Clock,
): Promise<VerifyResult> {
  if (input.verdict !== 'verified' && input.verdict !== 'questioned') return invalid('verdict-invalid');
  // A verified report is asked nothing: only questioning keeps the question's answers.
  const kept = checkKeptAnswers('question', input.verdict === 'questioned' ? input.answers : {});
  if (!kept.ok) return kept;
  const note = cleanText(
    input.note,
    LIMITS.note,
    input.verdict === 'questioned' ? 'note-required' : null,
    'note-too-long',
  );
  if (typeof note !== 'string') return note;
  if (!isValidObjectId(reportId)) return fail('not-found');
  const report = await ProgressReport.findById(reportId).lean<ProgressReportDoc>();
  if (!report) return fail('not-found');
  if (!can(p, 'report.verify', { unitPath: report.unitPath.map(String) })) return fail('not-allowed');
  if (!isAdmin(p)) {
    // Nobody verifies a report of a model they registered or reported on (this one included).
    const owner = await Initiative.findById(report.initiativeId, {
      unitId: 1,
      ownerKind: 1,
      createdBy: 1,
    }).lean();
    if (owner) {
      const conflict = conflictOf(p.userId, await modelFacts(owner));
      if (conflict) return fail(conflict);
    }
  }
  if (report.verification !== 'pending') return fail('wrong-status', { current: report.verification });
  const closed = await campaignReadOnlyOf(report.campaignId, clock);
  if (closed) return closed;

  const now = clock.now();
  const revision = report.revision ?? 1;
  const set = {
    ...(input.verdict === 'questioned' ? kept.value : {}),
    verification: input.verdict,
    verificationNote: note || null,
    verifiedBy: p.userId,
    verifiedAt: now,
  };
  const key = `report:${String(report._id)}:verify:rev${revision}`;
  const claimed = await claimWithAudit(p, {
    key,
    at: now,
    entity: 'report',
    entityId: report._id,
    action: 'verify',
    from: 'pending',
    to: input.verdict,
    note: note || null,
    unitPath: report.unitPath,
    change: JSON.stringify({ $set: set }),
  });
  if (!claimed) {
    await completeStuckVerification(key, report._id, revision, now);
    const after = await ProgressReport.findById(report._id, { verification: 1 }).lean();
    return fail('conflict', { current: after?.verification });
  }
  const res = await ProgressReport.updateOne(
    { _id: report._id, revision, verification: 'pending' },
    { $set: set },
    { runValidators: true },
  );
  if (res.matchedCount === 0) {
    // The cadre amended the report in between: the verdict was about a text that is gone.
    await AuditEvent.deleteOne({ key });
    const after = await ProgressReport.findById(report._id, { verification: 1 }).lean();
    return fail('conflict', { current: after?.verification });
  }
  if (input.verdict === 'verified') {
    // "Effective" reads the newest verified period; only a verification sets it.
    await Initiative.updateOne(
      {
        _id: report.initiativeId,
        $or: [{ lastVerifiedPeriod: null }, { lastVerifiedPeriod: { $lt: report.periodKey } }],
      },
      { $set: { lastVerifiedPeriod: report.periodKey } },
    );
  }
  const [updated, ini] = await Promise.all([
    ProgressReport.findById(report._id).lean<ProgressReportDoc>(),
    Initiative.findById(report.initiativeId, { code: 1, title: 1 }).lean(),
  ]);
  return {
    ok: true,
    report: updated!,
    initiative: { id: String(report.initiativeId), code: ini?.code ?? '', title: ini?.title ?? '' },
    notify: await recipients([report.submittedBy]),
  };
}

async function completeStuckVerification(key: string, id: Types.ObjectId, revision: number, now: Date) {
  const claim = await AuditEvent.findOne({ key }, { at: 1, change: 1 }).lean();
  if (!claim?.change || now.getTime() - claim.at.getTime() < STUCK_AFTER_MS) return;
  const change = JSON.parse(claim.change) as { $set: Record<string, unknown> };
  const at = change.$set.verifiedAt;
  if (typeof at === 'string') change.$set.verifiedAt = new Date(at);
  await ProgressReport.updateOne({ _id: id, revision, verification: 'pending' }, change);
}

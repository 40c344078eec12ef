import { InputFile } from 'grammy';
import type { InputMediaPhoto } from 'grammy/types';
import { EvidenceFile, type EvidenceFileDoc, OnsiteDraw } from '../../db/models/evidence.ts';
import {
  Initiative,
  type InitiativeDoc,
  ProgressReport,
  type ProgressReportDoc,
} from '../../db/models/index.ts';
import { formatDay } from '../../domain/calendar.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import {
  evidenceRecord,
  fetchEvidence,
  haversineMetres,
  readArchived,
} from '../../services/evidence/archive.ts';
import { confirmationStats } from '../../services/evidence/citizens.ts';
import { visitOf } from '../../services/evidence/onsite.ts';
import type { BotContext } from '../context.ts';

type Evidence = ProgressReportDoc['evidence'][number];

/**
 * Sends one archived piece of evidence from the archive (by bytes, not Telegram's file id: a new
 * token or a deleted chat does not lose it). False when it has no archived copy.
 */
export async function sendArchivedEvidence(ctx: BotContext, e: Evidence): Promise<boolean> {
  if (!e.archiveId) return false;
  const r = await fetchEvidence(ctx.principal, String(e.archiveId));
  if (!r.ok) return false;
  const caption = e.caption ? clip(e.caption, 900) : undefined;
  const file = new InputFile(
    r.bytes,
    r.file.fileName ?? `${String(r.file._id)}.${r.file.mime.split('/')[1]}`,
  );
  if (e.kind === 'photo' && r.file.mime.startsWith('image/')) await ctx.replyWithPhoto(file, { caption });
  else await ctx.replyWithDocument(file, { caption });
  return true;
}

const km = (m: number) =>
  m < 1000 ? `${Math.round(m)} m` : `${new Intl.NumberFormat('vi-VN').format(Math.round(m / 100) / 10)} km`;

/**
 * What the checks found about a report's evidence, for the reviewer: reused pictures (both
 * shown side by side where the reviewer may see the earlier one), capture dates outside the
 * period, pins with the distance to the model's earlier pins, the on-site check, the people's
 * confirmations.
 */
export interface EvidenceChecks {
  /** Lines for the review card, after its text (empty: nothing to say). */
  text: string;
  /** Reused pictures to show side by side: this report's and the earlier one. */
  pairs: { mine: EvidenceFileDoc; other: EvidenceFileDoc; n: number }[];
}

export async function evidenceChecks(
  ctx: BotContext,
  report: ProgressReportDoc,
  ini: InitiativeDoc | null,
): Promise<EvidenceChecks> {
  const lines: string[] = [];
  const pairs: { mine: EvidenceFileDoc; other: EvidenceFileDoc; n: number }[] = [];
  const ids = report.evidence.filter((e) => e.archiveId).map((e) => e.archiveId!);
  const files = new Map(
    (await EvidenceFile.find({ _id: { $in: ids } }).lean<EvidenceFileDoc[]>()).map((f) => [String(f._id), f]),
  );
  if (files.size) lines.push(ctx.t('ev-card-archived', { count: files.size }));
  const period = formatPeriod(report.periodKey);
  let earlierPins: { lat: number; lon: number; periodKey: string }[] | null = null;
  for (const [i, e] of report.evidence.entries()) {
    const n = i + 1;
    const f = e.archiveId ? files.get(String(e.archiveId)) : undefined;
    for (const flag of f?.flags ?? []) {
      if (flag.kind === 'capture-date' && flag.captureDay) {
        lines.push(ctx.t('ev-flag-capture-date', { n, day: formatDay(flag.captureDay), period }));
      }
      if (flag.kind === 'reused' && flag.otherId) {
        const other = await EvidenceFile.findById(flag.otherId).lean<EvidenceFileDoc>();
        const otherModel = other
          ? await Initiative.findById(other.initiativeId, { code: 1 }).lean<{ code: string }>()
          : null;
        lines.push(
          ctx.t('ev-flag-reused', {
            n,
            distance: flag.distance ?? 0,
            code: otherModel?.code ?? '?',
            period: other ? formatPeriod(other.periodKey) : '?',
            reason: ctx.t(`ev-reason-${flag.reason ?? 'other-model'}`),
          }),
        );
        if (other && (await evidenceRecord(ctx.principal, String(other._id))).ok)
          pairs.push({ mine: f!, other, n });
        else lines.push(ctx.t('ev-flag-reused-hidden'));
      }
    }
    if (e.kind === 'location' && e.latitude != null && e.longitude != null) {
      earlierPins ??= await modelPins(report);
      const here = { lat: e.latitude, lon: e.longitude };
      const nearest = earlierPins
        .map((p) => ({ p, d: haversineMetres(here, p) }))
        .sort((a, b) => a.d - b.d)[0];
      const where = `${e.latitude.toFixed(5)}, ${e.longitude.toFixed(5)}`;
      lines.push(
        nearest
          ? ctx.t('ev-pin', { n, where, distance: km(nearest.d), period: formatPeriod(nearest.p.periodKey) })
          : ctx.t('ev-pin-first', { n, where }),
      );
    }
  }
  const visit = await visitOf(String(report._id));
  if (visit) {
    lines.push(
      ctx.t(visit.verdict === 'verified' ? 'ev-onsite-verified' : 'ev-onsite-questioned', {
        day: formatDay(visit.visitDay),
        who: escapeHtml(visit.who),
        seen: escapeHtml(clip(visit.seen, 300)),
      }),
    );
  } else {
    const draw = await OnsiteDraw.findById(
      `onsite:${String(report.campaignId)}:${report.periodKey}:${String(report.unitId)}`,
      { chosen: 1 },
    ).lean();
    if (draw?.chosen.includes(String(report._id))) lines.push(ctx.t('ev-onsite-drawn'));
  }
  if (ini) {
    const s = await confirmationStats(ini._id);
    lines.push(
      s.count
        ? ctx.t('ev-people', {
            count: s.count,
            knows: s.knows,
            benefits: s.benefits,
            rating: s.rating == null ? '—' : new Intl.NumberFormat('vi-VN').format(s.rating),
          })
        : ctx.t('ev-people-none'),
    );
    for (const c of s.comments.slice(-3))
      lines.push(ctx.t('ev-people-comment', { text: escapeHtml(clip(c, 200)) }));
  }
  return { text: lines.length ? `${ctx.t('ev-card-title')}\n${lines.join('\n')}` : '', pairs };
}

/** Both pictures of each reuse flag, side by side (a media group), from the archive. */
export async function sendReusePairs(ctx: BotContext, pairs: EvidenceChecks['pairs']): Promise<void> {
  for (const { mine, other, n } of pairs) {
    const otherModel = await Initiative.findById(other.initiativeId, { code: 1 }).lean<{ code: string }>();
    const media: InputMediaPhoto[] = [
      {
        type: 'photo',
        media: new InputFile(await readArchived(mine._id), 'new.jpg'),
        caption: ctx.t('ev-pair-new', { n }),
      },
      {
        type: 'photo',
        media: new InputFile(await readArchived(other._id), 'earlier.jpg'),
        caption: ctx.t('ev-pair-earlier', {
          code: otherModel?.code ?? '?',
          period: formatPeriod(other.periodKey),
        }),
      },
    ];
    await ctx.replyWithMediaGroup(media);
  }
}

/** Location pins of the model's reports of other periods. */
async function modelPins(
  report: ProgressReportDoc,
): Promise<{ lat: number; lon: number; periodKey: string }[]> {
  const others = await ProgressReport.find(
    { initiativeId: report.initiativeId },
    { periodKey: 1, evidence: 1 },
  ).lean<Pick<ProgressReportDoc, '_id' | 'periodKey' | 'evidence'>[]>();
  return others
    .filter((r) => r.periodKey !== report.periodKey)
    .flatMap((r) =>
      r.evidence
        .filter((e) => e.kind === 'location' && e.latitude != null && e.longitude != null)
        .map((e) => ({ lat: e.latitude!, lon: e.longitude!, periodKey: r.periodKey })),
    );
}

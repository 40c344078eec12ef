import { InputFile } from 'grammy';
import type { InputMediaPhoto } from 'grammy/types';
import { formatDay } from '../../domain/calendar.ts';
import { formatPeriod } from '../../domain/phases.ts';
import { clip, escapeHtml } from '../../domain/text.ts';
import { fetchEvidence, haversineMetres, readArchived } from '../../services/evidence/archive.ts';
import { confirmationStats } from '../../services/evidence/citizens.ts';
import { evidenceFindings } from '../../services/evidence-findings.ts';
import type { EvidenceFileDoc, InitiativeDoc, ProgressReportDoc } from '../../services/records.ts';
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
  /** Reused pictures to show side by side: this report's and the earlier one (of model `code`). */
  pairs: { mine: EvidenceFileDoc; other: EvidenceFileDoc; n: number; code: string | null }[];
}

export async function evidenceChecks(
  ctx: BotContext,
  report: ProgressReportDoc,
  ini: InitiativeDoc | null,
): Promise<EvidenceChecks> {
  const lines: string[] = [];
  const pairs: EvidenceChecks['pairs'] = [];
  const found = await evidenceFindings(ctx.principal, report);
  const files = found.files;
  if (files.size) lines.push(ctx.t('ev-card-archived', { count: files.size }));
  const period = formatPeriod(report.periodKey);
  for (const [i, e] of report.evidence.entries()) {
    const n = i + 1;
    const f = e.archiveId ? files.get(String(e.archiveId)) : undefined;
    for (const flag of f?.flags ?? []) {
      if (flag.kind === 'capture-date' && flag.captureDay) {
        lines.push(ctx.t('ev-flag-capture-date', { n, day: formatDay(flag.captureDay), period }));
      }
      if (flag.kind === 'reused' && flag.otherId) {
        const earlier = found.earlier.get(String(flag.otherId));
        const other = earlier?.file ?? null;
        lines.push(
          ctx.t('ev-flag-reused', {
            n,
            distance: flag.distance ?? 0,
            code: earlier?.modelCode ?? '?',
            period: other ? formatPeriod(other.periodKey) : '?',
            reason: ctx.t(`ev-reason-${flag.reason ?? 'other-model'}`),
          }),
        );
        if (other && earlier?.visible) pairs.push({ mine: f!, other, n, code: earlier.modelCode });
        else lines.push(ctx.t('ev-flag-reused-hidden'));
      }
    }
    if (e.kind === 'location' && e.latitude != null && e.longitude != null) {
      const here = { lat: e.latitude, lon: e.longitude };
      const nearest = found.pins
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
  const visit = found.visit;
  if (visit) {
    lines.push(
      ctx.t(visit.verdict === 'verified' ? 'ev-onsite-verified' : 'ev-onsite-questioned', {
        day: formatDay(visit.visitDay),
        who: escapeHtml(visit.who),
        seen: escapeHtml(clip(visit.seen, 300)),
      }),
    );
  } else if (found.drawn) lines.push(ctx.t('ev-onsite-drawn'));
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
  for (const { mine, other, n, code } of pairs) {
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
          code: code ?? '?',
          period: formatPeriod(other.periodKey),
        }),
      },
    ];
    await ctx.replyWithMediaGroup(media);
  }
}

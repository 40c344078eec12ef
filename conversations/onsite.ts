import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { localDay } from '../src/domain/calendar.ts';
import { parseDateWithin } from '../src/domain/input.ts';
import { formatPeriod } from '../src/domain/phases.ts';
import { translator } from '../src/i18n.ts';
import { archiveEvidence } from '../src/services/evidence/archive.ts';
import { recordVisit } from '../src/services/evidence/onsite.ts';
import { onsiteTarget } from '../src/services/onsite-checks.ts';
import { ask, complain, send } from './form/engine.ts';
import { type FormArgs, makeIO } from './shared.ts';

/**
 * Records an on-site check of a drawn report: the day, who went, what was seen, photos, and the
 * verdict: "kiểm tra thực tế" (verified on site) or questioned. The permission and the draw are
 * checked before anything is asked.
 */
export function onsiteConversation(deps: BotDeps) {
  return async function onsite(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const reportId = args.targetId ?? '';
    const target = await conversation.external(async (octx) => {
      const found = await onsiteTarget(octx.principal, reportId);
      if (!found.ok) return { error: `onsite-error-${found.reason}` };
      return {
        code: found.code,
        period: found.periodKey,
        initiative: found.initiative,
        settings: found.settings,
        start: found.start,
        today: localDay(deps.clock.now(), deps.config.TIME_ZONE),
      };
    });
    if ('error' in target) {
      await send(io, ctx, t(target.error!));
      return;
    }
    let at = ctx;
    let visitDay = '';
    while (!visitDay) {
      const r = await ask(io, at, {
        text: t('onsite-ask-day', { code: target.code }),
        choices: [[{ label: t('onsite-today'), value: 'today' }]],
      });
      if (r.kind === 'cancel') return;
      if (r.kind === 'choice') {
        at = r.ctx;
        visitDay = target.today;
      } else if (r.kind === 'text') {
        at = r.ctx;
        const d = parseDateWithin(r.text, target.start, target.today);
        if (d.ok) visitDay = d.value;
        else await send(io, at, `⚠️ ${t('onsite-bad-day')}`);
      }
    }
    const text = async (key: string, max: number): Promise<string | null> => {
      for (;;) {
        const r = await ask(io, at, { text: t(key) });
        if (r.kind === 'cancel') return null;
        if (r.kind !== 'text') continue;
        at = r.ctx;
        const v = r.text.trim();
        if (v && v.length <= max) return v;
        await complain(io, at, { key: 'err-too-long', args: { max } });
      }
    };
    const who = await text('onsite-ask-who', 300);
    if (who === null) return;
    const seen = await text('onsite-ask-seen', 2000);
    if (seen === null) return;
    const photoIds: string[] = [];
    for (;;) {
      const r = await ask(io, at, {
        text: photoIds.length
          ? t('onsite-photos-received', { count: photoIds.length })
          : t('onsite-ask-photos'),
        done: true,
      });
      if (r.kind === 'cancel') return;
      if (r.kind === 'done') break;
      if (r.kind !== 'media') continue;
      at = r.ctx;
      const photo = r.message.photo?.at(-1) ?? r.message.document;
      if (!photo) continue;
      const archived = await conversation.external(async (octx) => {
        const res = await archiveEvidence(
          octx.api,
          {
            kind: 'visit',
            fileId: photo.file_id,
            fileUniqueId: photo.file_unique_id,
            size: photo.file_size ?? null,
          },
          { userId: octx.user!._id, initiative: target.initiative, periodKey: target.period },
          target.settings,
          deps.clock.now(),
        );
        return res.ok ? { ok: true as const, id: String(res.file._id) } : { ok: false as const, res };
      });
      if (archived.ok) photoIds.push(archived.id);
      else
        await complain(
          io,
          at,
          archived.res.reason === 'too-big'
            ? { key: 'evidence-too-big', args: { limit: archived.res.limitMb } }
            : archived.res.reason === 'type-not-allowed'
              ? {
                  key: 'evidence-type-refused',
                  args: { name: '', found: archived.res.found, allowed: archived.res.allowed },
                }
              : { key: 'evidence-download-failed' },
        );
    }
    const v = await ask(io, at, {
      text: t('onsite-ask-verdict'),
      choices: [
        [{ label: t('onsite-verdict-verified'), value: 'verified' }],
        [{ label: t('onsite-verdict-questioned'), value: 'questioned' }],
      ],
    });
    if (v.kind !== 'choice') return;
    const verdict = v.value === 'questioned' ? 'questioned' : 'verified';
    const result = await conversation.external(async (octx) => {
      const r = await recordVisit(
        octx.principal,
        reportId,
        { visitDay, who, seen, photoIds, verdict },
        deps.clock.now(),
      );
      return r.ok ? 'ok' : r.reason;
    });
    await send(
      io,
      v.ctx,
      result === 'ok'
        ? t('onsite-done', {
            code: target.code,
            period: formatPeriod(target.period),
            verdict: t(`onsite-verdict-${verdict}`),
          })
        : t(`onsite-error-${result}`),
    );
  };
}

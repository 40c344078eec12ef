import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { translator } from '../src/i18n.ts';
import {
  alreadyConfirmed,
  confirmableModel,
  confirmModel,
  reportAbuse,
} from '../src/services/evidence/citizens.ts';
import { unitNames } from '../src/services/unit-choices.ts';
import { ask, clip, escapeHtml, send } from './form/engine.ts';
import { type FormArgs, makeIO } from './shared.ts';

/**
 * A citizen scanned a model's QR code (`/start m_<id>`): no role needed. They see the model's
 * name, place and goal, say whether they know it and benefit from it, rate it 1-5 and comment,
 * or report a problem to the unit's coordinators (issue 13, item 5).
 */
export function citizenConversation(deps: BotDeps) {
  return async function citizen(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const modelId = args.targetId ?? '';
    const telegramId = ctx.from!.id;
    const model = await conversation.external(async () => {
      const ini = await confirmableModel(modelId);
      if (!ini) return null;
      const unit = (await unitNames([ini.unitId])).get(String(ini.unitId));
      return {
        code: ini.code,
        title: ini.title,
        goals: ini.goals,
        area: ini.area,
        unit: unit ?? '',
        unitPath: ini.unitPath.map(String),
        already: await alreadyConfirmed(modelId, telegramId),
      };
    });
    if (!model) {
      await send(io, ctx, t('cz-not-found'));
      return;
    }
    const intro = t('cz-model', {
      title: escapeHtml(model.title),
      unit: escapeHtml(model.unit),
      area: escapeHtml(clip(model.area, 200)),
      goals: escapeHtml(clip(model.goals, 400)),
    });
    const first = await ask(io, ctx, {
      text: model.already ? `${intro}\n\n${t('cz-already')}` : intro,
      choices: model.already
        ? [[{ label: t('cz-abuse'), value: 'a' }]]
        : [
            [{ label: t('cz-knows-benefits'), value: 'kb' }],
            [{ label: t('cz-knows'), value: 'k' }],
            [{ label: t('cz-not-knows'), value: 'n' }],
            [{ label: t('cz-abuse'), value: 'a' }],
          ],
    });
    if (first.kind !== 'choice') return;
    let at = first.ctx;
    const tz = deps.config.TIME_ZONE;

    if (first.value === 'a') {
      for (;;) {
        const r = await ask(io, at, { text: t('cz-ask-abuse') });
        if (r.kind === 'cancel') return;
        if (r.kind !== 'text') continue;
        at = r.ctx;
        if (r.text.trim().length > 1000 || !r.text.trim()) {
          await send(io, at, `⚠️ ${t('cz-abuse-too-long')}`);
          continue;
        }
        const text = r.text;
        const done = await conversation.external(async (octx) => {
          const res = await reportAbuse(modelId, telegramId, text, deps.clock.now(), tz);
          if (!res.ok) return res.reason;
          const coordinators = await nearestCoordinators(res.initiative.unitPath);
          await sendDirect(
            octx.api,
            coordinators,
            (tt) =>
              tt('cz-abuse-notify', {
                code: res.initiative.code,
                title: escapeHtml(res.initiative.title),
                text: escapeHtml(text.trim()),
              }),
            null,
            deps.logger,
          );
          return 'ok';
        });
        await send(
          io,
          at,
          done === 'ok' ? t('cz-abuse-done') : t(done === 'daily-limit' ? 'cz-abuse-limit' : 'cz-not-found'),
        );
        return;
      }
    }

    const knows = first.value !== 'n';
    const benefits = first.value === 'kb';
    let rating: number | null = null;
    if (knows) {
      const r = await ask(io, at, {
        text: t('cz-ask-rating'),
        choices: [[1, 2, 3, 4, 5].map((n) => ({ label: `${n} ⭐`, value: String(n) }))],
      });
      if (r.kind !== 'choice') return;
      at = r.ctx;
      rating = Number(r.value);
    }
    let comment = '';
    for (;;) {
      const r = await ask(io, at, { text: t('cz-ask-comment'), skip: true });
      if (r.kind === 'cancel') return;
      if (r.kind === 'skip') break;
      if (r.kind !== 'text') continue;
      at = r.ctx;
      if (r.text.trim().length > 500) {
        await send(io, at, `⚠️ ${t('cz-comment-too-long')}`);
        continue;
      }
      comment = r.text;
      break;
    }
    const result = await conversation.external(async () => {
      const answer = { knows, benefits, rating, comment };
      const r = await confirmModel(modelId, telegramId, answer, deps.clock.now(), tz);
      return r.ok ? 'ok' : r.reason;
    });
    await send(
      io,
      at,
      t(
        result === 'ok'
          ? 'cz-done'
          : result === 'already'
            ? 'cz-already'
            : result === 'daily-limit'
              ? 'cz-daily-limit'
              : result === 'invalid'
                ? 'cz-invalid'
                : 'cz-not-found',
      ),
    );
  };
}

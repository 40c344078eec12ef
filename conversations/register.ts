import { InlineKeyboard } from 'grammy';
import { reviewCb } from '../src/bot/callback-data.ts';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { localDay } from '../src/domain/calendar.ts';
import { showEnv } from '../src/domain/forms/field.ts';
import { REGISTER_FORM_ONLY, type RegisterData, registrationForm } from '../src/domain/forms/registration.ts';
import { parseQuantity, parseText } from '../src/domain/input.ts';
import { translator } from '../src/i18n.ts';
import { formInput, type RegisterSetup, registerSetup, saveRegistration } from '../src/services/forms.ts';
import { honouredInitiatives } from '../src/services/initiatives.ts';
import { ask, type Choice, clip, complain, escapeHtml, resumeAfterAnswer } from './form/engine.ts';
import { fillForm, reviewForm, type Step, stepsBuiltOnce, stepsFromTable } from './form/steps.ts';
import { type FormArgs, makeIO, openDraft } from './shared.ts';
import { unitStep } from './unit-step.ts';

export type { RegisterData } from '../src/domain/forms/registration.ts';
export type { RegisterSetup } from '../src/services/forms.ts';

const nf = new Intl.NumberFormat('vi-VN');

/** Indicators: name, unit of measure, target; repeat; at least one. */
function indicatorsStep(): Step<RegisterData> {
  return {
    id: 'indicators',
    labelKey: 'register-label-indicators',
    answered: (d) => !!d.indicatorsDone && (d.indicators?.length ?? 0) > 0,
    show: (d) =>
      (d.indicators ?? [])
        .map((i) => `\n • ${escapeHtml(i.name)}: ${nf.format(i.target)} ${escapeHtml(i.unit)}`)
        .join(''),
    async run({ io, ctx, data, canGoBack, save }) {
      let list = [...(data.indicators ?? [])];
      let current = ctx;
      for (;;) {
        const listing = list.length
          ? `\n\n${io.t('register-indicators-so-far')}${list.map((i) => `\n • ${escapeHtml(i.name)}: ${nf.format(i.target)} ${escapeHtml(i.unit)}`).join('')}`
          : '';
        const r1 = await ask(io, current, {
          text: io.t(list.length ? 'register-ask-indicator-next' : 'register-ask-indicator-name') + listing,
          back: canGoBack,
          done: list.length > 0,
          choices: list.length ? [[{ label: io.t('register-indicator-clear'), value: 'clear' }]] : undefined,
        });
        if (r1.kind === 'cancel' || r1.kind === 'back') return { kind: r1.kind };
        if (r1.kind === 'done')
          return { kind: 'next', data: { ...data, indicators: list, indicatorsDone: true }, ctx: current };
        if (r1.kind === 'choice' && r1.value === 'clear') {
          list = [];
          current = r1.ctx;
          continue;
        }
        if (r1.kind !== 'text') {
          if (r1.kind === 'media') await complain(io, r1.ctx, { key: 'err-expected-text' });
          continue;
        }
        current = r1.ctx;
        if (list.length >= 10) {
          await complain(io, r1.ctx, { key: 'register-indicator-max' });
          continue;
        }
        const name = parseText('indicatorName', r1.text);
        if (!name.ok) {
          await complain(io, r1.ctx, name.problem);
          continue;
        }
        if (list.some((i) => i.name.toLowerCase() === name.value.toLowerCase())) {
          await complain(io, r1.ctx, { key: 'register-indicator-duplicate' });
          continue;
        }
        let unit: string | null = null;
        while (unit === null) {
          const r2 = await ask(io, current, {
            text: io.t('register-ask-indicator-unit', { name: escapeHtml(name.value) }),
            back: true,
          });
          if (r2.kind === 'cancel') return { kind: 'cancel' };
          if (r2.kind === 'back') break;
          if (r2.kind !== 'text') continue;
          current = r2.ctx;
          const u = parseText('indicatorUnit', r2.text);
          if (u.ok) unit = u.value;
          else await complain(io, r2.ctx, u.problem);
        }
        if (unit === null) continue;
        let target: number | null = null;
        while (target === null) {
          const r3 = await ask(io, current, {
            text: io.t('register-ask-indicator-target', {
              name: escapeHtml(name.value),
              unit: escapeHtml(unit),
            }),
            back: true,
          });
          if (r3.kind === 'cancel') return { kind: 'cancel' };
          if (r3.kind === 'back') break;
          if (r3.kind !== 'text') continue;
          current = r3.ctx;
          const n = parseQuantity(r3.text, { unit });
          if (n.ok && n.value === 0) await complain(io, r3.ctx, { key: 'register-indicator-target-zero' });
          else if (n.ok) target = n.value;
          else await complain(io, r3.ctx, n.problem);
        }
        if (target === null) continue;
        list = [...list, { name: name.value, unit, target }];
        // Saved right away so an indicator is never lost, even before "done".
        data = { ...data, indicators: list, indicatorsDone: false };
        await save(data);
      }
    },
  };
}

/** Optionally: the honoured model this one replicates (search by code or name). */
function replicationStep(): Step<RegisterData> {
  return {
    id: 'replicatedFrom',
    labelKey: 'register-label-replicated',
    answered: (d) => d.replicatedFrom !== undefined,
    show: (d, t) => (d.replicatedFrom ? escapeHtml(d.replicatedFromLabel ?? '') : t('common-none')),
    async run({ io, ctx, data, canGoBack }) {
      let current = ctx;
      let matches: Choice[][] | undefined;
      for (;;) {
        const r = await ask(io, current, {
          text: io.t(matches ? 'register-replicated-pick' : 'register-ask-replicated'),
          choices: matches,
          back: canGoBack,
          skip: true,
        });
        if (r.kind === 'cancel' || r.kind === 'back') return { kind: r.kind };
        if (r.kind === 'skip')
          return {
            kind: 'next',
            data: { ...data, replicatedFrom: null, replicatedFromLabel: null },
            ctx: current,
          };
        if (r.kind === 'choice') {
          const label = matches?.flat().find((c) => c.value === r.value)?.label ?? '';
          return {
            kind: 'next',
            data: { ...data, replicatedFrom: r.value, replicatedFromLabel: label },
            ctx: r.ctx,
          };
        }
        if (r.kind !== 'text') continue;
        current = r.ctx;
        const found = await io.conversation.external(async () =>
          (await honouredInitiatives(r.text, 8)).map((i) => ({
            label: `${i.code} · ${clip(i.title, 40)}`,
            value: String(i._id),
          })),
        );
        if (!found.length) {
          matches = undefined;
          await complain(io, r.ctx, { key: 'register-replicated-none' });
          continue;
        }
        matches = found.map((c) => [c]);
      }
    },
  };
}

/**
 * The registration form's steps, from its table (src/domain/forms/registration.ts); the unit,
 * the indicators and the replicated model are asked by the steps above. The steps hold no state
 * of a run (they take the conversation from the run's `io`): built once per setup and language.
 */
export const registerSteps = stepsBuiltOnce((setup: RegisterSetup, lang: string): Step<RegisterData>[] => {
  const t = translator(lang);
  const { campaign, personName } = setup;
  return stepsFromTable(
    registrationForm,
    {
      ask: { t, lang, campaign, personName },
      show: showEnv(t, lang, { fields: campaign.fields }),
    },
    {
      unit: unitStep(setup.roots, { askKey: 'register-ask-unit', action: 'initiative.register' }),
      indicators: indicatorsStep(),
      replicatedFrom: replicationStep(),
    },
  );
});

function progressOf(steps: Step<RegisterData>[]) {
  return (d: RegisterData) => ({ done: steps.filter((s) => s.answered(d)).length, total: steps.length });
}

/** /dangky: register a model. */
export function registerConversation(deps: BotDeps) {
  return async function register(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const setup =
      (args.setup as RegisterSetup | undefined) ??
      (await conversation.external(async (octx) => {
        const user = octx.user;
        if (!user) return null;
        return registerSetup(user, localDay(deps.clock.now(), deps.config.TIME_ZONE));
      }));
    if (!setup) {
      await ctx.reply(t('register-no-campaign'));
      return;
    }
    const steps = registerSteps(setup, args.lang);
    const draft = await openDraft<RegisterData>(conversation, io, ctx, deps, 'register', {
      initial: {},
      progress: progressOf(steps),
      resume: args.setup !== undefined,
    });
    if (!draft) {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    if (args.setup === undefined && Object.keys(draft.data).length === 0)
      await ctx.reply(t('register-intro', { total: steps.length }), { parse_mode: 'HTML' });
    const filled = await fillForm(io, ctx, steps, draft.data, draft.save, () =>
      resumeAfterAnswer(io, 'register', { ...args, setup }),
    );
    if (filled.kind === 'cancel') {
      await ctx.reply(t('form-cancelled-draft-kept', { command: '/dangky' }));
      return;
    }
    for (;;) {
      const reviewed = await reviewForm(
        io,
        filled.ctx,
        steps,
        filled.data,
        draft.save,
        'register-summary-title',
      );
      if (reviewed.kind === 'cancel') {
        await ctx.reply(t('form-cancelled-draft-kept', { command: '/dangky' }));
        return;
      }
      const d = reviewed.data;
      const result = await conversation.external(async (octx) => {
        const user = octx.user!;
        const r = await saveRegistration(user, setup.campaign.id, formInput(d, REGISTER_FORM_ONLY), {
          sourceKey: draft.draftId,
          clock: deps.clock,
          timeZone: deps.config.TIME_ZONE,
        });
        if (!r.ok) return { ok: false as const, reason: r.reason };
        if (r.created) {
          const ini = r.initiative;
          const coordinators = await nearestCoordinators(ini.unitPath);
          await sendDirect(
            octx.api,
            coordinators,
            (tt) =>
              tt('register-notify-coordinator', {
                code: ini.code,
                title: escapeHtml(ini.title),
                unit: escapeHtml(d.unitName ?? ''),
                by: escapeHtml(user.name),
              }),
            (tt) =>
              new InlineKeyboard().text(
                tt('review-open-button'),
                reviewCb.open.build({ i: String(ini._id) }),
              ),
            deps.logger,
          );
        }
        return { ok: true as const, code: r.initiative.code, id: String(r.initiative._id) };
      });
      if (result.ok) {
        await draft.discard();
        await ctx.reply(t('register-done', { code: result.code }), { parse_mode: 'HTML' });
        return;
      }
      await ctx.reply(`⚠️ ${t(`register-error-${result.reason}`)}`);
      if (
        result.reason === 'not-allowed' ||
        result.reason === 'no-campaign' ||
        result.reason === 'campaign-closed'
      )
        return;
    }
  };
}

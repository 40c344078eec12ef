import { InlineKeyboard } from 'grammy';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { type CampaignDoc, Unit, type UserDoc } from '../src/db/models/index.ts';
import { formatDay, localDay } from '../src/domain/calendar.ts';
import { parseDateWithin, parseQuantity, parseText } from '../src/domain/input.ts';
import { scopeRoots } from '../src/domain/permissions.ts';
import { translator } from '../src/i18n.ts';
import { activeCampaignFor } from '../src/services/campaigns.ts';
import { honouredInitiatives, registerInitiative } from '../src/services/initiatives.ts';
import { principalOf } from '../src/services/users.ts';
import { ask, type Choice, clip, complain, escapeHtml } from './form/engine.ts';
import { choiceStep, fillForm, reviewForm, type Step, textStep } from './form/steps.ts';
import { pickUnit, withChildFlags } from './form/unit-picker.ts';
import { type FormArgs, makeIO, openDraft, plain } from './shared.ts';

export interface Indicator {
  name: string;
  unit: string;
  target: number;
}

export interface RegisterData extends Record<string, unknown> {
  title?: string;
  ownerKind?: 'collective' | 'individual';
  ownerName?: string;
  unitId?: string;
  unitName?: string;
  field?: string;
  targetLevel?: string;
  situation?: string;
  goals?: string;
  content?: string;
  area?: string;
  beneficiaries?: string;
  forces?: string;
  resources?: string;
  startDate?: string;
  evaluationDate?: string;
  outputs?: string;
  indicators?: Indicator[];
  indicatorsDone?: boolean;
  sustainability?: string;
  replicatedFrom?: string | null;
  replicatedFromLabel?: string | null;
}

/** What the form needs to know about the campaign and the person, loaded once per run. */
export interface RegisterSetup {
  campaign: {
    id: string;
    code: string;
    start: string;
    end: string;
    fields: { code: string; name: string; nameEn?: string | null }[];
    targetLevels: string[];
  };
  roots: { id: string; name: string; hasChildren: boolean }[];
  personName: string;
}

export async function loadRegisterSetup(user: UserDoc, campaign: CampaignDoc): Promise<RegisterSetup> {
  const roots = scopeRoots(principalOf(user), 'initiative.register');
  const rootUnits =
    roots === 'all'
      ? await Unit.find({ _id: campaign.rootUnitId }, { name: 1 }).lean()
      : await Unit.find({ _id: { $in: roots } }, { name: 1 })
          .sort({ depth: 1, order: 1 })
          .lean();
  return plain({
    campaign: {
      id: String(campaign._id),
      code: campaign.code,
      start: campaign.start,
      end: campaign.end,
      fields: campaign.fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn ?? null })),
      targetLevels: campaign.targetLevels,
    },
    roots: await withChildFlags(rootUnits.map((u) => ({ id: String(u._id), name: u.name }))),
    personName: user.name,
  });
}

/** Pick the model's unit inside the person's scope: browse with buttons or type part of a name. */
function unitStep(setup: RegisterSetup, conversation: FormConversation): Step<RegisterData> {
  return {
    id: 'unit',
    labelKey: 'register-label-unit',
    answered: (d) => !!d.unitId,
    show: (d) => escapeHtml(d.unitName ?? ''),
    async run({ io, ctx, data, canGoBack }) {
      const only = setup.roots.length === 1 && !setup.roots[0]!.hasChildren ? setup.roots[0]! : null;
      if (only) return { kind: 'next', data: { ...data, unitId: only.id, unitName: only.name }, ctx };
      const r = await pickUnit(conversation, io, ctx, {
        roots: setup.roots,
        askKey: 'register-ask-unit',
        canGoBack,
        action: 'initiative.register',
      });
      if (r.kind !== 'picked') return r;
      return { kind: 'next', data: { ...data, unitId: r.id, unitName: r.name }, ctx: r.ctx };
    },
  };
}

/** Indicators: name, unit of measure, target; repeat; at least one. */
function indicatorsStep(): Step<RegisterData> {
  return {
    id: 'indicators',
    labelKey: 'register-label-indicators',
    answered: (d) => !!d.indicatorsDone && (d.indicators?.length ?? 0) > 0,
    show: (d) =>
      (d.indicators ?? [])
        .map(
          (i) =>
            `\n • ${escapeHtml(i.name)}: ${new Intl.NumberFormat('vi-VN').format(i.target)} ${escapeHtml(i.unit)}`,
        )
        .join(''),
    async run({ io, ctx, data, canGoBack, save }) {
      let list = [...(data.indicators ?? [])];
      let current = ctx;
      for (;;) {
        const listing = list.length
          ? `\n\n${io.t('register-indicators-so-far')}${list.map((i) => `\n • ${escapeHtml(i.name)}: ${new Intl.NumberFormat('vi-VN').format(i.target)} ${escapeHtml(i.unit)}`).join('')}`
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
function replicationStep(conversation: FormConversation): Step<RegisterData> {
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
        const found = await conversation.external(async () =>
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

export function registerSteps(
  setup: RegisterSetup,
  conversation: FormConversation,
  lang: string,
): Step<RegisterData>[] {
  const { campaign } = setup;
  const fieldName = (code: string) => {
    const f = campaign.fields.find((x) => x.code === code);
    return (lang === 'en' && f?.nameEn) || f?.name || code;
  };
  const long = (id: keyof RegisterData & string, kind: 'longText' | 'mediumText' | 'shortText') =>
    textStep<RegisterData>({
      id,
      field: id,
      labelKey: `register-label-${id}`,
      askKey: `register-ask-${id}`,
      parse: (raw) => parseText(kind, raw),
    });
  return [
    textStep({
      id: 'title',
      field: 'title',
      labelKey: 'register-label-title',
      askKey: 'register-ask-title',
      parse: (raw) => parseText('title', raw),
    }),
    choiceStep({
      id: 'ownerKind',
      field: 'ownerKind',
      labelKey: 'register-label-ownerKind',
      askKey: 'register-ask-ownerKind',
      choices: (_d, t) => [
        { label: t('owner-collective'), value: 'collective' },
        { label: t('owner-individual'), value: 'individual' },
      ],
      perRow: 2,
      show: (v, _d, t) => t(`owner-${v}`),
    }),
    textStep({
      id: 'ownerName',
      field: 'ownerName',
      labelKey: 'register-label-ownerName',
      askKey: 'register-ask-ownerName',
      askArgs: (d) => ({ kind: d.ownerKind ?? 'collective' }),
      parse: (raw) => parseText('ownerName', raw),
      suggestions: (d) =>
        d.ownerKind === 'individual' && setup.personName.length >= 2
          ? [[{ label: setup.personName, value: setup.personName }]]
          : [],
    }),
    unitStep(setup, conversation),
    choiceStep({
      id: 'field',
      field: 'field',
      labelKey: 'register-label-field',
      askKey: 'register-ask-field',
      choices: () => campaign.fields.map((f) => ({ label: fieldName(f.code), value: f.code })),
      perRow: 2,
      show: (v) => fieldName(v),
    }),
    choiceStep({
      id: 'targetLevel',
      field: 'targetLevel',
      labelKey: 'register-label-targetLevel',
      askKey: 'register-ask-targetLevel',
      choices: (_d, t) => campaign.targetLevels.map((l) => ({ label: t(`level-${l}`), value: l })),
      perRow: 3,
      show: (v, _d, t) => t(`level-${v}`),
    }),
    long('situation', 'longText'),
    long('goals', 'longText'),
    long('content', 'longText'),
    long('area', 'shortText'),
    long('beneficiaries', 'shortText'),
    long('forces', 'mediumText'),
    long('resources', 'mediumText'),
    textStep({
      id: 'startDate',
      field: 'startDate',
      labelKey: 'register-label-startDate',
      askKey: 'register-ask-startDate',
      askArgs: () => ({ from: formatDay(campaign.start), to: formatDay(campaign.end) }),
      parse: (raw) => parseDateWithin(raw, campaign.start, campaign.end),
      show: (v) => formatDay(String(v)),
    }),
    textStep({
      id: 'evaluationDate',
      field: 'evaluationDate',
      labelKey: 'register-label-evaluationDate',
      askKey: 'register-ask-evaluationDate',
      askArgs: (d) => ({ from: formatDay(d.startDate ?? campaign.start), to: formatDay(campaign.end) }),
      parse: (raw, d) => parseDateWithin(raw, d.startDate ?? campaign.start, campaign.end),
      show: (v) => formatDay(String(v)),
    }),
    long('outputs', 'mediumText'),
    indicatorsStep(),
    long('sustainability', 'mediumText'),
    replicationStep(conversation),
  ];
}

function progressOf(steps: Step<RegisterData>[]) {
  return (d: RegisterData) => ({ done: steps.filter((s) => s.answered(d)).length, total: steps.length });
}

/** /dangky: register a model. */
export function registerConversation(deps: BotDeps) {
  return async function register(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const setup = await conversation.external(async (octx) => {
      const user = octx.user;
      if (!user) return null;
      const today = localDay(deps.clock.now(), deps.config.TIME_ZONE);
      const roots = scopeRoots(principalOf(user), 'initiative.register');
      const firstRoot = roots === 'all' ? null : roots[0];
      const unit = firstRoot
        ? await Unit.findById(firstRoot, { path: 1 }).lean()
        : await Unit.findOne({ parentId: null }).lean();
      const campaign = unit ? await activeCampaignFor(unit.path, today) : null;
      return campaign ? loadRegisterSetup(user, campaign) : null;
    });
    if (!setup) {
      await ctx.reply(t('register-no-campaign'));
      return;
    }
    const steps = registerSteps(setup, conversation, args.lang);
    const draft = await openDraft<RegisterData>(conversation, io, ctx, deps, 'register', {
      initial: {},
      progress: progressOf(steps),
    });
    if (!draft) {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    if (Object.keys(draft.data).length === 0)
      await ctx.reply(t('register-intro', { total: steps.length }), { parse_mode: 'HTML' });
    const filled = await fillForm(io, ctx, steps, draft.data, draft.save);
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
        const { Campaign } = await import('../src/db/models/index.ts');
        const campaign = await Campaign.findById(setup.campaign.id).lean<CampaignDoc>();
        if (!campaign) return { ok: false as const, reason: 'no-campaign' };
        const r = await registerInitiative(
          {
            title: d.title,
            ownerKind: d.ownerKind,
            ownerName: d.ownerName,
            unitId: d.unitId,
            field: d.field,
            targetLevel: d.targetLevel,
            situation: d.situation,
            goals: d.goals,
            content: d.content,
            area: d.area,
            beneficiaries: d.beneficiaries,
            forces: d.forces,
            resources: d.resources,
            startDate: d.startDate,
            evaluationDate: d.evaluationDate,
            outputs: d.outputs,
            indicators: d.indicators,
            sustainability: d.sustainability,
            replicatedFrom: d.replicatedFrom ?? null,
          },
          { user, campaign, sourceKey: draft.draftId, clock: deps.clock, timeZone: deps.config.TIME_ZONE },
        );
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
            (tt) => new InlineKeyboard().text(tt('review-open-button'), `rv:o:${String(ini._id)}`),
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

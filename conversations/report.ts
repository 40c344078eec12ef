import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { reviewCb } from '../src/bot/callback-data.ts';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { showEnv } from '../src/domain/forms/field.ts';
import { REPORT_FORM_ONLY, type ReportData, reportForm } from '../src/domain/forms/report.ts';
import type { EvidenceInput } from '../src/domain/input.ts';
import { parseQuantity } from '../src/domain/input.ts';
import { formatPeriod } from '../src/domain/phases.ts';
import { translator } from '../src/i18n.ts';
import {
  formInput,
  type ReportModel,
  type ReportSetup,
  reportSetup,
  saveReport,
} from '../src/services/forms.ts';
import { type ArchiveTarget, archiveMessageFile } from './evidence.ts';
import { ask, clip, complain, escapeHtml, resumeAfterAnswer } from './form/engine.ts';
import { choiceStep, fillForm, reviewForm, type Step, stepsBuiltOnce, stepsFromTable } from './form/steps.ts';
import { type FormArgs, makeIO, openDraft } from './shared.ts';

export type { ReportData } from '../src/domain/forms/report.ts';

const nf = new Intl.NumberFormat('vi-VN');

function evidenceFrom(message: Message): EvidenceInput | null {
  const caption = (message.caption ?? '').slice(0, 1000);
  const base = {
    fileId: null,
    fileUniqueId: null,
    fileName: null,
    mimeType: null,
    latitude: null,
    longitude: null,
    caption,
    archiveId: null,
    flags: [],
  };
  if (message.photo?.length) {
    const biggest = message.photo[message.photo.length - 1]!;
    return { ...base, kind: 'photo', fileId: biggest.file_id, fileUniqueId: biggest.file_unique_id };
  }
  const doc = message.document ?? message.video;
  if (doc) {
    return {
      ...base,
      kind: 'document',
      fileId: doc.file_id,
      fileUniqueId: doc.file_unique_id,
      fileName: 'file_name' in doc ? (doc.file_name ?? null) : null,
      mimeType: doc.mime_type ?? null,
    };
  }
  if (message.location)
    return {
      ...base,
      kind: 'location',
      latitude: message.location.latitude,
      longitude: message.location.longitude,
    };
  return null;
}

function indicatorValuesStep(model: (d: ReportData) => ReportModel | undefined): Step<ReportData> {
  return {
    id: 'indicatorValues',
    labelKey: 'report-label-indicatorValues',
    answered: (d) => {
      const m = model(d);
      return !!m && (d.indicatorValues?.length ?? -1) === m.indicators.length;
    },
    show: (d) =>
      (d.indicatorValues ?? []).map((v) => `\n • ${escapeHtml(v.name)}: ${nf.format(v.value)}`).join(''),
    async run({ io, ctx, data, canGoBack, save }) {
      const m = model(data);
      if (!m) return { kind: 'back' };
      // Values already given (a draft resumed mid-way) are kept.
      const values: { name: string; value: number }[] = [
        ...((data.partialIndicatorValues as { name: string; value: number }[] | undefined) ?? []),
      ].slice(0, m.indicators.length);
      let current = ctx;
      let i = values.length;
      while (i < m.indicators.length) {
        const ind = m.indicators[i]!;
        const r = await ask(io, current, {
          text: io.t('report-ask-indicator', {
            name: escapeHtml(ind.name),
            unit: escapeHtml(ind.unit),
            target: nf.format(ind.target),
            index: i + 1,
            count: m.indicators.length,
          }),
          back: canGoBack || i > 0,
        });
        if (r.kind === 'cancel') return { kind: 'cancel' };
        if (r.kind === 'back') {
          if (i === 0) return { kind: 'back' };
          values.pop();
          i--;
          continue;
        }
        if (r.kind !== 'text') {
          if (r.kind === 'media') await complain(io, r.ctx, { key: 'err-expected-text' });
          continue;
        }
        current = r.ctx;
        const n = parseQuantity(r.text, { unit: ind.unit });
        if (!n.ok) {
          await complain(io, r.ctx, n.problem);
          continue;
        }
        values.push({ name: ind.name, value: n.value });
        i++;
        if (i < m.indicators.length)
          await save({ ...data, indicatorValues: undefined, partialIndicatorValues: [...values] });
      }
      return {
        kind: 'next',
        data: { ...data, indicatorValues: values, partialIndicatorValues: undefined },
        ctx: current,
      };
    },
  };
}

function evidenceStep(required: boolean, target: (d: ReportData) => ArchiveTarget | null): Step<ReportData> {
  return {
    id: 'evidence',
    labelKey: 'report-label-evidence',
    answered: (d) => !!d.evidenceDone && (!required || (d.evidence?.length ?? 0) > 0),
    show: (d, t) => {
      const ev = d.evidence ?? [];
      if (!ev.length) return t('common-none');
      const count = (k: string) => ev.filter((e) => e.kind === k).length;
      return t('report-evidence-summary', {
        photos: count('photo'),
        documents: count('document'),
        locations: count('location'),
      });
    },
    async run({ io, ctx, data, canGoBack, save }) {
      let evidence = [...(data.evidence ?? [])];
      let current = ctx;
      for (;;) {
        const r = await ask(io, current, {
          text: evidence.length
            ? io.t('report-evidence-received', { count: evidence.length })
            : io.t(required ? 'report-ask-evidence-required' : 'report-ask-evidence'),
          back: canGoBack,
          done: evidence.length > 0 || !required,
        });
        if (r.kind === 'cancel' || r.kind === 'back') return { kind: r.kind };
        if (r.kind === 'done') {
          if (required && evidence.length === 0) continue;
          return { kind: 'next', data: { ...data, evidence, evidenceDone: true }, ctx: current };
        }
        if (r.kind === 'text' || r.kind === 'choice') {
          if (r.kind === 'text') {
            current = r.ctx;
            await complain(io, r.ctx, { key: 'report-evidence-expected-media' });
          }
          continue;
        }
        if (r.kind !== 'media') continue;
        current = r.ctx;
        const item = evidenceFrom(r.message);
        if (!item) {
          await complain(io, r.ctx, { key: 'report-evidence-unsupported' });
          continue;
        }
        if (evidence.length >= 20) {
          await complain(io, r.ctx, { key: 'report-evidence-max' });
          continue;
        }
        // Every file is archived as it arrives (issue 13); a refused one is not kept.
        const where = target(data);
        const archived = where ? await archiveMessageFile(io.conversation, r.message, item, where) : null;
        if (archived && !archived.ok) {
          await complain(io, r.ctx, { key: archived.key, args: archived.args });
          continue;
        }
        if (archived) {
          item.archiveId = archived.archiveId;
          item.flags = archived.flags;
        }
        evidence = [...evidence, item];
        await save({ ...data, evidence, evidenceDone: false });
      }
    },
  };
}

/**
 * The report form's steps, from its table (src/domain/forms/report.ts); the model, the period,
 * the indicator values and the evidence are asked by the steps above and below. They hold no state
 * of a run (the model is the one the answers name): built once per setup and language.
 */
export const reportSteps = stepsBuiltOnce((setup: ReportSetup, lang: string): Step<ReportData>[] => {
  const t = translator(lang);
  const model = (d: ReportData) => setup.models.find((m) => m.id === d.initiativeId);
  const models = new Map(setup.models.map((m) => [m.id, { code: m.code, title: m.title }]));
  return stepsFromTable(
    reportForm,
    {
      // Report questions need no campaign dates or person: only the model's own figures.
      ask: { t, lang, campaign: { start: '', end: '', fields: [], targetLevels: [] }, personName: '' },
      show: showEnv(t, lang, { models }),
    },
    {
      initiativeId: choiceStep({
        id: 'initiativeId',
        field: 'initiativeId',
        labelKey: 'report-label-model',
        askKey: 'report-ask-model',
        choices: () => setup.models.map((m) => ({ label: `${m.code} · ${clip(m.title, 40)}`, value: m.id })),
        show: (v) => {
          const m = setup.models.find((x) => x.id === v);
          return m ? `${m.code} · ${m.title}` : v;
        },
      }),
      periodKey: choiceStep({
        id: 'periodKey',
        field: 'periodKey',
        labelKey: 'report-label-period',
        askKey: 'report-ask-period',
        choices: (d, t) =>
          setup.periods.map((p, i) => ({
            label: `${formatPeriod(p)}${i === 0 ? ` (${t('report-period-current')})` : ''}${setup.existing.includes(`${d.initiativeId}:${p}`) ? ` · ${t('report-period-amend')}` : ''}`,
            value: p,
          })),
        show: (v) => formatPeriod(v),
      }),
      indicatorValues: indicatorValuesStep(model),
      evidence: evidenceStep(setup.evidenceRequired, (d) => {
        const m = model(d);
        if (!m || !d.periodKey) return null;
        return {
          initiative: { _id: m.id, campaignId: m.campaignId, unitId: m.unitId, unitPath: m.unitPath },
          periodKey: d.periodKey,
          settings: { evidenceTypes: setup.evidenceTypes, evidenceMaxBytes: setup.evidenceMaxBytes },
        };
      }),
    },
  );
});

/** /baocao: a progress report with evidence. */
export function reportConversation(deps: BotDeps) {
  return async function report(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const setup =
      (args.setup as ReportSetup | undefined) ??
      (await conversation.external(async (octx) => {
        const user = octx.user;
        if (!user) return { error: 'fallback-no-role' };
        return reportSetup(user, args.targetId ?? null, {
          clock: deps.clock,
          timeZone: deps.config.TIME_ZONE,
        });
      }));
    if ('error' in setup) {
      await ctx.reply(t(setup.error));
      return;
    }
    let current: ReportData = {};
    const steps = reportSteps(setup, args.lang);
    const initial: ReportData = args.targetId
      ? { initiativeId: args.targetId }
      : setup.models.length === 1
        ? { initiativeId: setup.models[0]!.id }
        : {};
    // With the model already chosen (the only one, or from its button), say which before anything else.
    const chosen = setup.models.find((m) => m.id === initial.initiativeId);
    if (chosen && args.setup === undefined)
      await ctx.reply(t('report-for-model', { code: chosen.code, title: escapeHtml(chosen.title) }), {
        parse_mode: 'HTML',
      });
    const draft = await openDraft<ReportData>(conversation, io, ctx, deps, 'report', {
      initial,
      targetId: args.targetId ?? null,
      progress: (d) => ({ done: steps.filter((s) => s.answered(d)).length, total: steps.length }),
      resume: args.setup !== undefined,
    });
    if (!draft) {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    // A draft for a model that is no longer reportable starts over.
    current =
      draft.data.initiativeId && !setup.models.some((m) => m.id === draft.data.initiativeId)
        ? initial
        : draft.data;
    if (current.periodKey && !setup.periods.includes(current.periodKey))
      current = { ...current, periodKey: undefined };
    const save = async (d: ReportData, step: string) => {
      current = d;
      await draft.save(d, step);
    };
    const filled = await fillForm(io, ctx, steps, current, save, () =>
      resumeAfterAnswer(io, 'report', { ...args, setup }),
    );
    if (filled.kind === 'cancel') {
      await ctx.reply(t('form-cancelled-draft-kept', { command: '/baocao' }));
      return;
    }
    current = filled.data;
    let at = filled.ctx;
    for (;;) {
      const reviewed = await reviewForm(io, at, steps, current, save, 'report-summary-title');
      if (reviewed.kind === 'cancel') {
        await ctx.reply(t('form-cancelled-draft-kept', { command: '/baocao' }));
        return;
      }
      const d = reviewed.data;
      at = reviewed.ctx;
      const result = await conversation.external(async (octx) => {
        const user = octx.user!;
        const model = setup.models.find((m) => m.id === d.initiativeId)!;
        const r = await saveReport(user, model.campaignId, formInput(d, REPORT_FORM_ONLY), {
          clock: deps.clock,
          timeZone: deps.config.TIME_ZONE,
          sourceKey: draft.draftId,
        });
        if (!r.ok) return { ok: false as const, reason: r.reason };
        const coordinators = await nearestCoordinators(r.initiative.unitPath);
        await sendDirect(
          octx.api,
          coordinators,
          (tt) =>
            tt(r.amended ? 'report-notify-amended' : 'report-notify-coordinator', {
              code: r.initiative.code,
              title: escapeHtml(r.initiative.title),
              period: formatPeriod(r.report.periodKey),
              progress: r.report.progress,
              by: escapeHtml(user.name),
            }),
          (tt) =>
            new InlineKeyboard().text(
              tt('review-open-button'),
              reviewCb.report.build({ r: String(r.report._id) }),
            ),
          deps.logger,
        );
        return {
          ok: true as const,
          amended: r.amended,
          code: r.initiative.code,
          period: r.report.periodKey,
          revision: r.report.revision,
        };
      });
      if (result.ok) {
        await draft.discard();
        await ctx.reply(
          t(result.amended ? 'report-done-amended' : 'report-done', {
            code: result.code,
            period: formatPeriod(result.period),
            revision: result.revision,
          }),
        );
        return;
      }
      await ctx.reply(`⚠️ ${t(`report-error-${result.reason}`)}`);
      if (result.reason !== 'evidence-required' && result.reason !== 'conflict') return;
    }
  };
}

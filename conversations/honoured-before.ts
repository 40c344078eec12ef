import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { reviewFailureText } from '../src/bot/views/review-texts.ts';
import { addDays, formatDay } from '../src/domain/calendar.ts';
import { parseDateWithin, parseText } from '../src/domain/input.ts';
import { translator } from '../src/i18n.ts';
import {
  canEnterHonoured,
  enterHonouredBefore,
  type HonouredBeforeSetup,
  honouredBeforeSetup,
} from '../src/services/honoured-before.ts';
import { escapeHtml, send } from './form/engine.ts';
import { choiceStep, fillForm, reviewForm, type Step, textStep } from './form/steps.ts';
import { withChildFlags } from './form/unit-picker.ts';
import { type FormArgs, makeIO, plain } from './shared.ts';
import { unitStep } from './unit-step.ts';

/** Answers of the short form (the campaign's id comes in `targetId`). */
interface HonouredData extends Record<string, unknown> {
  title?: string;
  unitId?: string;
  unitName?: string;
  field?: string;
  ownerKind?: 'collective' | 'individual';
  ownerName?: string;
  level?: string;
  decisionNo?: string;
  decisionDate?: string;
}

/** The earliest decision day accepted (the movement is younger; a typo such as 1010 is caught). */
const EARLIEST = '1990-01-01';

/**
 * Enters a model honoured before the campaign (issue 10, item 5): its name, unit, field, owner and
 * the honour (level, decision number, date before the campaign's start). A coordinator or board
 * member of the unit's scope; checked before the first question and again on confirming.
 */
export function honouredBeforeConversation(deps: BotDeps) {
  return async function honouredBefore(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const campaignId = args.targetId ?? '';
    const setup = await conversation.external(async (octx) => {
      const refused = await canEnterHonoured(octx.principal, campaignId, deps.clock);
      if (refused) return { refused: plain(refused) };
      const s = (await honouredBeforeSetup(octx.principal, campaignId))!;
      return plain({ ...s, roots: await withChildFlags(s.roots) });
    });
    if ('refused' in setup) {
      await send(io, ctx, `⚠️ ${reviewFailureText(setup.refused, args.lang)}`);
      return;
    }
    const s: HonouredBeforeSetup & { roots: { id: string; name: string; hasChildren: boolean }[] } = setup;
    const lastDay = addDays(s.campaign.start, -1);
    const fieldName = (code: string) => {
      const f = s.campaign.fields.find((x) => x.code === code);
      return f ? (args.lang === 'en' ? f.nameEn : f.name) : code;
    };
    const steps: Step<HonouredData>[] = [
      textStep({
        id: 'title',
        field: 'title',
        labelKey: 'register-label-title',
        askKey: 'hb-ask-title',
        parse: (raw) => parseText('title', raw),
      }),
      unitStep(s.roots, { askKey: 'hb-ask-unit', action: 'review.queue' }),
      choiceStep({
        id: 'field',
        field: 'field',
        labelKey: 'register-label-field',
        askKey: 'register-ask-field',
        choices: () => s.campaign.fields.map((f) => ({ label: fieldName(f.code), value: f.code })),
        perRow: 2,
        show: (v) => fieldName(v),
      }),
      choiceStep({
        id: 'ownerKind',
        field: 'ownerKind',
        labelKey: 'register-label-ownerKind',
        askKey: 'register-ask-ownerKind',
        choices: (_d, tt) => [
          { label: tt('owner-collective'), value: 'collective' },
          { label: tt('owner-individual'), value: 'individual' },
        ],
        perRow: 2,
        show: (v, _d, tt) => tt(`owner-${v}`),
      }),
      textStep({
        id: 'ownerName',
        field: 'ownerName',
        labelKey: 'register-label-ownerName',
        askKey: 'register-ask-ownerName',
        askArgs: (d) => ({ kind: d.ownerKind ?? 'collective' }),
        parse: (raw) => parseText('ownerName', raw),
      }),
      choiceStep({
        id: 'level',
        field: 'level',
        labelKey: 'hb-label-level',
        askKey: 'hb-ask-level',
        choices: (_d, tt) => s.campaign.levels.map((l) => ({ label: tt(`level-${l}`), value: l })),
        perRow: 3,
        show: (v, _d, tt) => tt(`level-${v}`),
      }),
      textStep({
        id: 'decisionNo',
        field: 'decisionNo',
        labelKey: 'hb-label-decision',
        askKey: 'hb-ask-decision',
        parse: (raw) => parseText('decisionNo', raw),
      }),
      textStep({
        id: 'decisionDate',
        field: 'decisionDate',
        labelKey: 'hb-label-decision-date',
        askKey: 'hb-ask-decision-date',
        askArgs: () => ({ start: formatDay(s.campaign.start) }),
        parse: (raw) => parseDateWithin(raw, EARLIEST, lastDay),
        show: (v) => formatDay(String(v)),
      }),
    ];
    const none = async () => {};
    const filled = await fillForm(io, ctx, steps, {}, none);
    if (filled.kind === 'cancel') return void (await send(io, ctx, t('hb-cancelled')));
    const reviewed = await reviewForm(io, filled.ctx, steps, filled.data, none, 'hb-summary');
    if (reviewed.kind === 'cancel') return void (await send(io, ctx, t('hb-cancelled')));
    const d = reviewed.data;
    const sourceKey = `honoured-before:bot:${ctx.from!.id}:${io.salt}`;
    const r = await conversation.external(async (octx) =>
      plain(
        await enterHonouredBefore(
          octx.principal,
          {
            title: d.title,
            unitId: d.unitId,
            field: d.field,
            ownerKind: d.ownerKind,
            ownerName: d.ownerName,
            level: d.level,
            decisionNo: d.decisionNo,
            decisionDate: d.decisionDate,
          },
          { campaignId, sourceKey, clock: deps.clock },
        ),
      ),
    );
    if (!r.ok) {
      await send(
        io,
        reviewed.ctx,
        r.reason === 'entry' ? `⚠️ ${t(`hb-problem-${r.problem}`)}` : `⚠️ ${reviewFailureText(r, args.lang)}`,
      );
      return;
    }
    await send(
      io,
      reviewed.ctx,
      t('hb-done', {
        code: r.initiative.code,
        title: escapeHtml(r.initiative.title),
        level: t(`level-${d.level}`),
        decision: escapeHtml(d.decisionNo ?? ''),
        date: formatDay(d.decisionDate ?? ''),
      }),
    );
  };
}

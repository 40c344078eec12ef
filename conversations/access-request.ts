import { InlineKeyboard } from 'grammy';
import { accessDecisionButton } from '../src/bot/callback-data.ts';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { parseText } from '../src/domain/input.ts';
import { translator } from '../src/i18n.ts';
import { createAccessRequest, OPEN_REQUEST_MAX, openRequestLimit } from '../src/services/access-requests.ts';
import { topUnits } from '../src/services/unit-choices.ts';
import { ask, complain, escapeHtml } from './form/engine.ts';
import { pickUnit } from './form/unit-picker.ts';
import { type FormArgs, makeIO, plain } from './shared.ts';

/**
 * A person without an invite asks to join a unit as a cadre: pick the unit, give a name, confirm;
 * the unit's nearest coordinators get the request with approve/deny buttons.
 */
export function accessRequestConversation(deps: BotDeps) {
  return async function accessRequest(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const requesterId = ctx.from!.id;
    // The limits are checked before anything is asked, and again when the request is stored.
    const personLimit = await conversation.external(() => openRequestLimit(requesterId));
    if (personLimit) {
      await ctx.reply(t(`access-request-${personLimit}`, { max: OPEN_REQUEST_MAX[personLimit] }));
      return;
    }
    const roots = await conversation.external(async () => plain(await topUnits()));
    if (!roots.length) {
      await ctx.reply(t('access-no-units'));
      return;
    }
    const unit = await pickUnit(conversation, io, ctx, {
      roots,
      askKey: 'access-ask-unit',
      canGoBack: false,
    });
    if (unit.kind !== 'picked') {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    const unitLimit = await conversation.external(() => openRequestLimit(requesterId, unit.id));
    if (unitLimit) {
      await ctx.reply(
        t(`access-request-${unitLimit}`, { unit: unit.name, max: OPEN_REQUEST_MAX[unitLimit] }),
      );
      return;
    }
    const telegramName = [ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(' ').slice(0, 120);
    let name: string | null = null;
    let current = unit.ctx;
    while (name === null) {
      const r = await ask(io, current, {
        text: t('access-ask-name'),
        choices: telegramName.length >= 2 ? [[{ label: telegramName, value: 'same' }]] : undefined,
      });
      if (r.kind === 'cancel') {
        await ctx.reply(t('form-cancelled'));
        return;
      }
      if (r.kind === 'choice') name = telegramName;
      else if (r.kind === 'text') {
        current = r.ctx;
        const p = parseText('personName', r.text);
        if (p.ok) name = p.value;
        else await complain(io, r.ctx, p.problem);
      }
    }
    const confirm = await ask(io, current, {
      text: t('access-confirm', { unit: escapeHtml(unit.name), name: escapeHtml(name) }),
      choices: [[{ label: t('form-button-confirm'), value: 'ok' }]],
    });
    if (confirm.kind !== 'choice') {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    const finalName = name;
    const telegramId = ctx.from!.id;
    const outcome = await conversation.external(async (octx) => {
      const r = await createAccessRequest({ telegramId, name: finalName, unitId: unit.id });
      if (!r.ok) return r.reason;
      const coordinators = await nearestCoordinators(r.unit.path);
      const sent = await sendDirect(
        octx.api,
        coordinators,
        (tt) =>
          tt('access-notify-coordinator', {
            name: escapeHtml(finalName),
            unit: escapeHtml(r.unit.name),
            id: telegramId,
          }),
        (tt) =>
          new InlineKeyboard()
            .text(tt('access-approve'), accessDecisionButton.build({ d: 'a', i: String(r.request._id) }))
            .text(tt('access-deny'), accessDecisionButton.build({ d: 'd', i: String(r.request._id) })),
        deps.logger,
      );
      return sent > 0 ? 'sent' : 'nobody';
    });
    const max = outcome === 'too-many-unit' || outcome === 'too-many-person' ? OPEN_REQUEST_MAX[outcome] : 0;
    await ctx.reply(t(`access-request-${outcome}`, { unit: unit.name, max }));
  };
}

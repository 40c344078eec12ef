import { InlineKeyboard } from 'grammy';
import { reviewCb } from '../src/bot/callback-data.ts';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { REGISTER_FORM_ONLY, type RegisterData } from '../src/domain/forms/registration.ts';
import { translator } from '../src/i18n.ts';
import { formInput, registrationToEdit, saveRegistrationEdit } from '../src/services/forms.ts';
import { escapeHtml } from './form/engine.ts';
import { reviewForm } from './form/steps.ts';
import { registerSteps } from './register.ts';
import { type FormArgs, makeIO, openDraft } from './shared.ts';

/**
 * Edit a registration while it is registered or returned (from /mohinh). The summary is shown at
 * once; any part can be changed; confirming a returned model sends it back for review.
 */
export function editConversation(deps: BotDeps) {
  return async function edit(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    // Permission and state are checked before anything is shown; the answers come from every
    // part of the form table, so a part the form does not ask (milestones) is kept as it was.
    const loaded = await conversation.external(async (octx) =>
      octx.user && args.targetId
        ? registrationToEdit(octx.user, args.targetId)
        : { error: 'report-error-not-found' as const },
    );
    if ('error' in loaded) {
      await ctx.reply(t(loaded.error ?? 'err-not-allowed'));
      return;
    }
    const steps = registerSteps(loaded.setup, args.lang);
    const draft = await openDraft<RegisterData>(conversation, io, ctx, deps, 'edit', {
      initial: loaded.data as RegisterData,
      targetId: args.targetId ?? null,
      progress: (d) => ({ done: steps.filter((s) => s.answered(d)).length, total: steps.length }),
    });
    if (!draft) {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    if (loaded.returnReason)
      await ctx.reply(t('edit-returned-because', { reason: escapeHtml(loaded.returnReason) }), {
        parse_mode: 'HTML',
      });
    const reviewed = await reviewForm(io, ctx, steps, draft.data, draft.save, 'edit-summary-title');
    if (reviewed.kind === 'cancel') {
      await ctx.reply(t('form-cancelled'));
      return;
    }
    const d = reviewed.data;
    const result = await conversation.external(async (octx) => {
      const user = octx.user!;
      const r = await saveRegistrationEdit(
        user,
        args.targetId!,
        loaded.setup.campaign.id,
        formInput(d, REGISTER_FORM_ONLY),
        { clock: deps.clock, expectedVersion: loaded.version },
      );
      if (!r.ok) return { ok: false as const, reason: r.reason };
      if (r.resubmitted) {
        const coordinators = await nearestCoordinators(r.initiative.unitPath);
        await sendDirect(
          octx.api,
          coordinators,
          (tt) =>
            tt('edit-notify-resubmitted', {
              code: r.initiative.code,
              title: escapeHtml(r.initiative.title),
              by: escapeHtml(user.name),
            }),
          (tt) =>
            new InlineKeyboard().text(
              tt('review-open-button'),
              reviewCb.open.build({ i: String(r.initiative._id) }),
            ),
          deps.logger,
        );
      }
      return { ok: true as const, resubmitted: r.resubmitted };
    });
    if (result.ok) {
      await draft.discard();
      await ctx.reply(t(result.resubmitted ? 'edit-done-resubmitted' : 'edit-done', { code: loaded.code }));
    } else {
      await ctx.reply(`⚠️ ${t(`edit-error-${result.reason}`)}`);
    }
  };
}

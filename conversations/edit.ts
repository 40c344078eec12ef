import { InlineKeyboard } from 'grammy';
import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { nearestCoordinators, sendDirect } from '../src/bot/notify.ts';
import { Campaign, type CampaignDoc } from '../src/db/models/index.ts';
import { isEditable } from '../src/domain/lifecycle.ts';
import { can } from '../src/domain/permissions.ts';
import { translator } from '../src/i18n.ts';
import { findInitiative, updateRegistration } from '../src/services/initiatives.ts';
import { principalOf } from '../src/services/users.ts';
import { escapeHtml } from './form/engine.ts';
import { reviewForm } from './form/steps.ts';
import { loadRegisterSetup, type RegisterData, type RegisterSetup, registerSteps } from './register.ts';
import { type FormArgs, makeIO, openDraft, plain } from './shared.ts';

/**
 * Edit a registration while it is registered or returned (from /mohinh). The summary is shown at
 * once; any part can be changed; confirming a returned model sends it back for review.
 */
export function editConversation(deps: BotDeps) {
  return async function edit(conversation: FormConversation, ctx: FormContext, args: FormArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const loaded = await conversation.external(async (octx) => {
      const user = octx.user;
      const ini = args.targetId ? await findInitiative(args.targetId) : null;
      if (!user || !ini) return { error: 'report-error-not-found' } as const;
      if (
        !can(principalOf(user), 'initiative.edit', {
          unitPath: ini.unitPath.map(String),
          ownerId: String(ini.createdBy),
        })
      )
        return { error: 'err-not-allowed' } as const;
      if (!isEditable(ini.status)) return { error: 'edit-not-editable' } as const;
      const campaign = await Campaign.findById(ini.campaignId).lean<CampaignDoc>();
      if (!campaign) return { error: 'register-no-campaign' } as const;
      const { Unit } = await import('../src/db/models/index.ts');
      const unit = await Unit.findById(ini.unitId, { name: 1 }).lean();
      const data: RegisterData = {
        title: ini.title,
        ownerKind: ini.ownerKind,
        ownerName: ini.ownerName,
        unitId: String(ini.unitId),
        unitName: unit?.name ?? '',
        field: ini.field,
        targetLevel: ini.targetLevel,
        situation: ini.situation,
        goals: ini.goals,
        content: ini.content,
        area: ini.area,
        beneficiaries: ini.beneficiaries,
        forces: ini.forces,
        resources: ini.resources,
        startDate: ini.startDate,
        evaluationDate: ini.evaluationDate,
        outputs: ini.outputs,
        indicators: ini.indicators.map((i) => ({ name: i.name, unit: i.unit, target: i.target })),
        indicatorsDone: true,
        sustainability: ini.sustainability,
        replicatedFrom: ini.replicatedFrom ? String(ini.replicatedFrom) : null,
        replicatedFromLabel: null,
      };
      const setup: RegisterSetup = await loadRegisterSetup(user, campaign);
      return plain({
        data,
        setup,
        version: ini.version,
        code: ini.code,
        status: ini.status,
        returnReason: ini.returnReason ?? null,
      });
    });
    if ('error' in loaded) {
      await ctx.reply(t(loaded.error ?? 'err-not-allowed'));
      return;
    }
    const steps = registerSteps(loaded.setup, conversation, args.lang);
    const draft = await openDraft<RegisterData>(conversation, io, ctx, deps, 'edit', {
      initial: loaded.data,
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
      const campaign = await Campaign.findById(loaded.setup.campaign.id).lean<CampaignDoc>();
      const { unitName: _u, indicatorsDone: _i, replicatedFromLabel: _r, ...input } = d;
      const r = await updateRegistration(args.targetId!, input, {
        user,
        campaign: campaign!,
        clock: deps.clock,
        expectedVersion: loaded.version,
      });
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
          (tt) => new InlineKeyboard().text(tt('review-open-button'), `rv:o:${String(r.initiative._id)}`),
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

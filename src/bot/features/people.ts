import { Composer, InlineKeyboard } from 'grammy';
import { formatDay, localDay } from '../../domain/calendar.ts';
import { scopeRoots } from '../../domain/permissions.ts';
import { escapeHtml } from '../../domain/text.ts';
import { listActiveInvites, revokeInvite } from '../../services/invites.ts';
import { deactivatePerson, manageablePerson } from '../../services/people.ts';
import type { UserDoc } from '../../services/records.ts';
import { unitNames } from '../../services/unit-choices.ts';
import { manageablePeople } from '../../services/users.ts';
import { button } from '../buttons.ts';
import { peopleButtons } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

/**
 * `/nguoidung` `/people`: a coordinator revokes invites and deactivates people within their unit
 * subtree. Every button is checked again on the server by the services (scope of the invite's
 * unit, of every grant the person holds); a forged id gets "not allowed" and changes nothing.
 * The buttons are `peopleButtons` (src/bot/callback-data.ts).
 */
export const peopleFeature = new Composer<BotContext>();
const pm = peopleFeature.chatType('private');

const mayManage = (ctx: BotContext) => {
  const roots = scopeRoots(ctx.principal, 'access.decide');
  return roots === 'all' || roots.length > 0;
};

/** Who acts, for the services' checks and the audit trail. */
const actorOf = (ctx: BotContext) => ({
  principal: ctx.principal,
  userId: ctx.user!._id,
  telegramId: ctx.from!.id,
  clock: ctx.deps.clock,
});

async function refuse(ctx: BotContext) {
  await ctx.answerCallbackQuery({ text: ctx.t('err-not-allowed'), show_alert: true });
}

pm.command(['nguoidung', 'people'], async (ctx) => {
  if (!mayManage(ctx)) {
    await ctx.reply(ctx.t('people-not-allowed'));
    return;
  }
  await ctx.reply(ctx.t('people-menu'), {
    reply_markup: new InlineKeyboard()
      .text(ctx.t('people-invites-button'), peopleButtons.list.build({ l: 'i' }))
      .row()
      .text(ctx.t('people-users-button'), peopleButtons.list.build({ l: 'u' })),
  });
});

async function listInvites(ctx: BotContext) {
  await ctx.answerCallbackQuery();
  const rows = await listActiveInvites(ctx.principal, ctx.deps.clock, { limit: 30 });
  if (rows.length === 0) {
    await ctx.reply(ctx.t('people-invites-none'));
    return;
  }
  const kb = new InlineKeyboard();
  for (const { invite, unit } of rows)
    kb.text(
      ctx.t('people-invite-button', {
        role: ctx.t(`role-${invite.role}`),
        unit: unit.name,
        uses: invite.usesLeft,
        expires: formatDay(localDay(invite.expiresAt, ctx.deps.config.TIME_ZONE)),
      }),
      peopleButtons.revokeInvite.build({ i: String(invite._id) }),
    ).row();
  await ctx.reply(ctx.t('people-invites-title', { count: rows.length }), { reply_markup: kb });
}

pm.callbackQuery(
  peopleButtons.list.pattern,
  button(peopleButtons.list, async (ctx, { l }) => {
    if (!mayManage(ctx)) return refuse(ctx);
    await (l === 'i' ? listInvites(ctx) : listPeople(ctx));
  }),
);

pm.callbackQuery(
  peopleButtons.revokeInvite.pattern,
  button(peopleButtons.revokeInvite, async (ctx, { i }) => {
    if (!mayManage(ctx)) return refuse(ctx);
    const r = await revokeInvite(i, actorOf(ctx));
    if (!r.ok) return refuse(ctx);
    await ctx.answerCallbackQuery();
    await ctx.reply(
      r.changed
        ? ctx.t('people-invite-revoked', { role: ctx.t(`role-${r.invite.role}`), unit: r.unit.name })
        : ctx.t('people-invite-already'),
    );
  }),
);

async function roleLabels(ctx: BotContext, people: UserDoc[]): Promise<Map<string, string>> {
  const names = await unitNames(people.flatMap((p) => p.roles.map((g) => g.unitId)));
  return new Map(
    people.map((p) => [
      String(p._id),
      p.roles.map((g) => `${ctx.t(`role-${g.role}`)} ${names.get(String(g.unitId)) ?? ''}`.trim()).join(', '),
    ]),
  );
}

async function listPeople(ctx: BotContext) {
  await ctx.answerCallbackQuery();
  const people = await manageablePeople(ctx.principal, 30);
  if (people.length === 0) {
    await ctx.reply(ctx.t('people-users-none'));
    return;
  }
  const labels = await roleLabels(ctx, people);
  const kb = new InlineKeyboard();
  for (const p of people)
    kb.text(
      ctx.t('people-user-button', {
        name: p.name || String(p.telegramId),
        roles: labels.get(String(p._id)) ?? '',
      }),
      peopleButtons.askDeactivate.build({ i: String(p._id) }),
    ).row();
  await ctx.reply(ctx.t('people-users-title', { count: people.length }), { reply_markup: kb });
}

/** Asks before deactivating; the person is checked before their name is shown. */
pm.callbackQuery(
  peopleButtons.askDeactivate.pattern,
  button(peopleButtons.askDeactivate, async (ctx, { i }) => {
    if (!mayManage(ctx)) return refuse(ctx);
    const target = await manageablePerson(ctx.principal, i);
    if (!target) return refuse(ctx);
    await ctx.answerCallbackQuery();
    await ctx.reply(
      ctx.t('people-user-confirm', { name: escapeHtml(target.name || String(target.telegramId)) }),
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text(
          ctx.t('people-user-confirm-button'),
          peopleButtons.deactivate.build({ i: String(target._id) }),
        ),
      },
    );
  }),
);

pm.callbackQuery(
  peopleButtons.deactivate.pattern,
  button(peopleButtons.deactivate, async (ctx, { i }) => {
    if (!mayManage(ctx)) return refuse(ctx);
    const r = await deactivatePerson(i, actorOf(ctx));
    if (!r.ok) return refuse(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    const name = r.user.name || String(r.user.telegramId);
    await ctx.reply(
      r.changed ? ctx.t('people-user-deactivated', { name }) : ctx.t('people-user-already', { name }),
    );
  }),
);

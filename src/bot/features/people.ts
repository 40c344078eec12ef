import { Composer, InlineKeyboard } from 'grammy';
import { Unit, User, type UserDoc } from '../../db/models/index.ts';
import { formatDay, localDay } from '../../domain/calendar.ts';
import { scopeRoots } from '../../domain/permissions.ts';
import { escapeHtml } from '../../domain/text.ts';
import { listActiveInvites, revokeInvite } from '../../services/invites.ts';
import { manageablePeople, mayManagePerson, setUserActivation } from '../../services/users.ts';
import type { BotContext } from '../context.ts';

/**
 * `/nguoidung` `/people`: a coordinator revokes invites and deactivates people within their unit
 * subtree. Every button is checked again on the server by the services (scope of the invite's
 * unit, of every grant the person holds); a forged id gets "not allowed" and changes nothing.
 */
export const peopleFeature = new Composer<BotContext>();
const pm = peopleFeature.chatType('private');

const mayManage = (ctx: BotContext) => {
  const roots = scopeRoots(ctx.principal, 'access.decide');
  return roots === 'all' || roots.length > 0;
};

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
      .text(ctx.t('people-invites-button'), 'pp:il')
      .row()
      .text(ctx.t('people-users-button'), 'pp:ul'),
  });
});

pm.callbackQuery('pp:il', async (ctx) => {
  if (!mayManage(ctx)) return refuse(ctx);
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
      `pp:ir:${String(invite._id)}`,
    ).row();
  await ctx.reply(ctx.t('people-invites-title', { count: rows.length }), { reply_markup: kb });
});

pm.callbackQuery(/^pp:ir:([a-f0-9]{24})$/, async (ctx) => {
  if (!mayManage(ctx)) return refuse(ctx);
  const r = await revokeInvite(ctx.match[1]!, {
    principal: ctx.principal,
    userId: ctx.user!._id,
    telegramId: ctx.from.id,
    clock: ctx.deps.clock,
  });
  if (!r.ok) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await ctx.reply(
    r.changed
      ? ctx.t('people-invite-revoked', { role: ctx.t(`role-${r.invite.role}`), unit: r.unit.name })
      : ctx.t('people-invite-already'),
  );
});

async function roleLabels(ctx: BotContext, people: UserDoc[]): Promise<Map<string, string>> {
  const ids = [...new Set(people.flatMap((p) => p.roles.map((g) => String(g.unitId))))];
  const names = new Map(
    (await Unit.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((u) => [String(u._id), u.name]),
  );
  return new Map(
    people.map((p) => [
      String(p._id),
      p.roles.map((g) => `${ctx.t(`role-${g.role}`)} ${names.get(String(g.unitId)) ?? ''}`.trim()).join(', '),
    ]),
  );
}

pm.callbackQuery('pp:ul', async (ctx) => {
  if (!mayManage(ctx)) return refuse(ctx);
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
      `pp:ud:${String(p._id)}`,
    ).row();
  await ctx.reply(ctx.t('people-users-title', { count: people.length }), { reply_markup: kb });
});

/** Asks before deactivating; the person is checked before their name is shown. */
pm.callbackQuery(/^pp:ud:([a-f0-9]{24})$/, async (ctx) => {
  if (!mayManage(ctx)) return refuse(ctx);
  const target = await User.findById(ctx.match[1]).lean<UserDoc>();
  if (
    !target ||
    String(target._id) === ctx.principal.userId ||
    !(await mayManagePerson(ctx.principal, target))
  )
    return refuse(ctx);
  await ctx.answerCallbackQuery();
  await ctx.reply(
    ctx.t('people-user-confirm', { name: escapeHtml(target.name || String(target.telegramId)) }),
    {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text(
        ctx.t('people-user-confirm-button'),
        `pp:uy:${String(target._id)}`,
      ),
    },
  );
});

pm.callbackQuery(/^pp:uy:([a-f0-9]{24})$/, async (ctx) => {
  if (!mayManage(ctx)) return refuse(ctx);
  const target = await User.findById(ctx.match[1], { telegramId: 1 }).lean();
  if (!target) return refuse(ctx);
  const r = await setUserActivation(target.telegramId, false, {
    principal: ctx.principal,
    userId: ctx.user!._id,
    telegramId: ctx.from.id,
    clock: ctx.deps.clock,
  });
  if (!r.ok) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const name = r.user.name || String(r.user.telegramId);
  await ctx.reply(
    r.changed ? ctx.t('people-user-deactivated', { name }) : ctx.t('people-user-already', { name }),
  );
});

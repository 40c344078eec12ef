import { type Context, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { FormContext, FormConversation } from '../../src/bot/context.ts';
import type { InputProblem } from '../../src/domain/input.ts';
import { escapeHtml } from '../../src/domain/text.ts';
import type { Translate } from '../../src/i18n.ts';

export { clip, escapeHtml } from '../../src/domain/text.ts';

/**
 * The small form engine every conversation uses: ask a question with buttons, wait for an answer,
 * tell apart a real answer, a navigation button (back, skip, done, cancel), a stale button from an
 * older message, a command typed mid-form, and anything else; re-ask on bad input.
 *
 * Buttons carry `f:<nonce>:<action>[:<value>]`. The nonce is new for every question, so a button
 * from an old message is recognised and refused rather than taken as an answer.
 */

export interface FormIO {
  conversation: FormConversation;
  t: Translate;
  /** Prefix that makes this run's button nonces unique (set once per conversation run). */
  salt: string;
  counter: number;
  /**
   * A question answered by a message whose buttons are still to be taken off: done in the same
   * `external` as the next message this run sends (`send`), or when the conversation ends
   * (`takingButtonsOff`), so that an answer costs one replayed `external` less.
   */
  pendingDrop?: { chatId: number; messageId: number };
  /**
   * Work for the outside context that rides on the next `external` this run makes in `send` (or at
   * the end of the conversation, or when it fails): a form's answers so far, staged for the
   * update's state write (conversations/shared.ts). Keyed by form, a later entry replacing an
   * earlier one, so that saving an answer costs no `external` of its own.
   */
  pendingStage?: Map<string, (octx: Context) => void>;
}

/**
 * Takes what the run left for its next `external` (answers to stage, a question's buttons to take
 * off) and returns it as one step to run inside that `external`, or null if nothing is left. Taken
 * now, outside the `external`, so that a replay (which skips the callback) agrees.
 */
function takeLeftovers(io: FormIO | undefined): ((octx: Context) => Promise<void>) | null {
  if (!io) return null;
  const stage = io.pendingStage?.size ? [...io.pendingStage.values()] : [];
  const drop = io.pendingDrop;
  io.pendingStage = undefined;
  io.pendingDrop = undefined;
  if (!stage.length && !drop) return null;
  return async (octx) => {
    for (const w of stage) w(octx);
    if (drop)
      await octx.api
        .editMessageReplyMarkup(drop.chatId, drop.messageId, { reply_markup: undefined })
        .catch(() => {});
  };
}

/** The run's io, by its conversation object, for `takingButtonsOff` at the end of the run. */
const runs = new WeakMap<FormConversation, FormIO>();

/** Called by makeIO (conversations/shared.ts): this run's io. */
export function trackRun(io: FormIO): FormIO {
  runs.set(io.conversation, io);
  return io;
}

/**
 * A conversation builder that, when the conversation ends (normally, or by failing), does what was
 * left for the next message that never came: takes the buttons off a question answered last by a
 * message, and stages the answers given last. A conversation waiting for its next update does not
 * get here: the plugin suspends it at `wait`.
 */
export function takingButtonsOff<A extends unknown[]>(
  builder: (conversation: FormConversation, ctx: FormContext, ...args: A) => Promise<unknown>,
): (conversation: FormConversation, ctx: FormContext, ...args: A) => Promise<void> {
  const finish = async (conversation: FormConversation) => {
    const leftovers = takeLeftovers(runs.get(conversation));
    if (leftovers) await conversation.external(leftovers);
  };
  return async (conversation, ctx, ...args) => {
    try {
      await builder(conversation, ctx, ...args);
    } catch (err) {
      // A failed run still parks the answers it was given (the update's state write carries them).
      await finish(conversation);
      throw err;
    }
    await finish(conversation);
  };
}

/** Conversations to enter again after this update's run ended (keyed by the outside context). */
const reentries = new WeakMap<object, { name: string; args: unknown[] }>();

/** The conversation an ended run asked to be entered again in this update (taken once). */
export function takeReentry(ctx: object): { name: string; args: unknown[] } | undefined {
  const r = reentries.get(ctx);
  reentries.delete(ctx);
  return r;
}

/**
 * Ends this run after an answer and enters the conversation again in the same update, from the
 * answers parked so far (`args` carries what the run loaded at its start). A form's replay log then
 * holds the few operations since its last answer, not every question asked since the form opened:
 * replaying them on every update made a form's cost grow with the square of its length. The answers
 * staged and the buttons to take off go out in the same `external`.
 */
export async function resumeAfterAnswer(io: FormIO, name: string, args: unknown): Promise<never> {
  const leftovers = takeLeftovers(io);
  await io.conversation.external(async (octx) => {
    await leftovers?.(octx);
    reentries.set(octx, { name, args: [args] });
  });
  return io.conversation.halt({ next: true });
}

export interface Choice {
  label: string;
  value: string;
}

export interface Question {
  text: string;
  /** Rows of choice buttons. */
  choices?: Choice[][];
  back?: boolean;
  skip?: boolean;
  done?: boolean;
  /** Extra label for the "done" button. */
  doneLabel?: string;
}

export type Reply =
  | { kind: 'text'; text: string; ctx: FormContext }
  | { kind: 'choice'; value: string; ctx: FormContext }
  | { kind: 'media'; message: Message; ctx: FormContext }
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'done' }
  | { kind: 'cancel' };

const CANCEL_COMMANDS = new Set(['huy', 'cancel']);

export function commandOf(text: string | undefined): string | null {
  const m = /^\/([a-z_]+)(@\w+)?(\s|$)/i.exec(text ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

function keyboard(io: FormIO, nonce: string, q: Question): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let any = false;
  for (const row of q.choices ?? []) {
    for (const c of row) kb.text(c.label, `f:${nonce}:c:${c.value}`);
    kb.row();
    any = true;
  }
  const nav: [string, string][] = [];
  if (q.done) nav.push([q.doneLabel ?? io.t('form-button-done'), 'd']);
  if (q.back) nav.push([io.t('form-button-back'), 'b']);
  if (q.skip) nav.push([io.t('form-button-skip'), 's']);
  nav.push([io.t('form-button-cancel'), 'x']);
  for (const [label, action] of nav) kb.text(label, `f:${nonce}:${action}`);
  any = any || nav.length > 0;
  return any ? kb : undefined;
}

/**
 * Sends a message from inside a conversation without keeping Telegram's answer in the replay log
 * (a reply made through the conversation's own `ctx` is stored whole and replayed on every update;
 * a long form would carry every question it ever sent).
 */
export async function send(
  io: FormIO,
  ctx: FormContext,
  text: string,
  /** The buttons, or how to build them: a function runs only when the message is really sent, not
   * on every replay of the conversation. */
  markup?: InlineKeyboard | (() => InlineKeyboard | undefined),
): Promise<number> {
  const chatId = ctx.chat!.id;
  const leftovers = takeLeftovers(io);
  return io.conversation.external(async (octx) => {
    await leftovers?.(octx);
    const reply_markup = typeof markup === 'function' ? markup() : markup;
    const m = await octx.api.sendMessage(chatId, text, { reply_markup, parse_mode: 'HTML' });
    return m.message_id;
  });
}

/**
 * Takes the buttons off a question once it has been answered by a message, so a long form does
 * not leave a trail of live "Back / Cancel" buttons. Best effort: a failure changes nothing.
 */
async function dropButtons(io: FormIO, chatId: number, messageId: number): Promise<void> {
  await io.conversation.external(async (octx) => {
    await octx.api.editMessageReplyMarkup(chatId, messageId, { reply_markup: undefined }).catch(() => {});
  });
}

/**
 * Answers a tapped button (optionally with a short notice) and, for a valid answer, takes the
 * buttons off its message: one `external`, so neither Telegram's answers nor the edited message
 * are kept in the replay log and replayed on every later update.
 */
async function answerTap(
  io: FormIO,
  cq: { id: string; message?: { message_id: number; chat: { id: number } } },
  opts: { notice?: string; dropButtons: boolean },
): Promise<void> {
  const { id, message } = cq;
  await io.conversation.external(async (octx) => {
    await octx.api.answerCallbackQuery(id, opts.notice === undefined ? undefined : { text: opts.notice });
    // Remove the buttons from the answered question so it cannot be tapped again.
    if (opts.dropButtons && message)
      await octx.api
        .editMessageReplyMarkup(message.chat.id, message.message_id, { reply_markup: undefined })
        .catch(() => {});
  });
}

/** Sends the question and waits until the person gives something that counts as a reply. */
export async function ask(io: FormIO, ctx: FormContext, q: Question): Promise<Reply> {
  const nonce = `${io.salt}${(io.counter++).toString(36)}`;
  const chatId = ctx.chat!.id;
  let questionId = await send(io, ctx, q.text, () => keyboard(io, nonce, q));
  for (;;) {
    const next = await io.conversation.wait();
    const cq = next.callbackQuery;
    if (cq) {
      const m = /^f:([^:]+):([cbsdx])(?::(.*))?$/.exec(cq.data ?? '');
      if (!m || m[1] !== nonce) {
        await answerTap(io, cq, { notice: io.t('form-button-stale'), dropButtons: false });
        continue;
      }
      await answerTap(io, cq, { dropButtons: true });
      const action = m[2]!;
      if (action === 'c') return { kind: 'choice', value: m[3] ?? '', ctx: next };
      if (action === 'b') return { kind: 'back' };
      if (action === 's') return { kind: 'skip' };
      if (action === 'd') return { kind: 'done' };
      return { kind: 'cancel' };
    }
    const msg = next.message;
    if (!msg) continue; // edits, reactions ...: not an answer
    const command = commandOf(msg.text);
    if (command) {
      if (CANCEL_COMMANDS.has(command)) {
        await dropButtons(io, chatId, questionId);
        return { kind: 'cancel' };
      }
      await dropButtons(io, chatId, questionId);
      await send(io, next, io.t('form-command-during-form'));
      questionId = await send(io, next, q.text, () => keyboard(io, nonce, q));
      continue;
    }
    // The buttons come off with the next message sent (or at the end of the conversation).
    io.pendingDrop = { chatId, messageId: questionId };
    // Unikey's "Unicode tổ hợp" sends decomposed Vietnamese: store and measure the composed form.
    if (msg.text !== undefined) return { kind: 'text', text: msg.text.normalize('NFC'), ctx: next };
    return { kind: 'media', message: msg, ctx: next };
  }
}

/** Tells the person what was wrong, in their language. */
export async function complain(io: FormIO, ctx: FormContext, problem: InputProblem): Promise<void> {
  await send(io, ctx, `⚠️ ${escapeHtml(io.t(problem.key, problem.args))}`);
}

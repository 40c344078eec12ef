import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { parkedDraftOf, stageDraft } from '../src/bot/conversation-storage.ts';
import { formatDay, localDay } from '../src/domain/calendar.ts';
import type { Translate } from '../src/i18n.ts';
import type { FormName } from '../src/services/drafts.ts';
import { discardDraftStart, draftSnapshot, loadDraft, startDraft } from '../src/services/drafts.ts';
import { ask, type FormIO, trackRun } from './form/engine.ts';

/** Arguments every form conversation is entered with (JSON, stored with the conversation). */
export interface FormArgs {
  lang: string;
  /** Pre-selected record (report on this model, edit this model). */
  targetId?: string | null;
  /**
   * Set when a form is entered again after an answer (`resumeAfterAnswer`): what its first run
   * loaded, so the form goes on from the parked answers without loading or asking anything again.
   */
  setup?: unknown;
}

export async function makeIO(conversation: FormConversation, t: Translate): Promise<FormIO> {
  const salt = (await conversation.random()).toString(36).slice(2, 6);
  return trackRun({ conversation, t, salt, counter: 0 });
}

export interface DraftHandle<D> {
  draftId: string;
  data: D;
  save(d: D, step: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Opens the person's draft for a form. If one exists, they are told when it was last touched and
 * how far it got, and choose to continue or start again. Returns null if they cancelled.
 */
export async function openDraft<D extends Record<string, unknown>>(
  conversation: FormConversation,
  io: FormIO,
  ctx: FormContext,
  deps: BotDeps,
  form: FormName,
  opts: {
    initial: D;
    targetId?: string | null;
    progress: (d: D) => { done: number; total: number };
    /** The form goes on after an answer (see FormArgs.setup): the parked answers are taken as they are. */
    resume?: boolean;
  },
): Promise<DraftHandle<D> | null> {
  const telegramId = ctx.from!.id;
  const existing = await conversation.external(async (octx) => {
    // The chat's record was read for this update already: its parked answers come from there. A
    // form going on after an answer staged them in this update: no need to look further.
    const parked = parkedDraftOf(octx, form);
    const d = opts.resume && parked ? parked : await loadDraft(telegramId, form, parked);
    return d
      ? {
          draftId: d.draftId,
          data: d.data as D,
          savedAt: d.savedAt ? new Date(d.savedAt).toISOString() : null,
          targetId: d.targetId ? String(d.targetId) : null,
        }
      : null;
  });
  const sameTarget = existing && (opts.targetId == null || existing.targetId === opts.targetId);
  let draft: { draftId: string; data: D; targetId: string | null } | null = null;
  if (opts.resume && existing && sameTarget)
    draft = { draftId: existing.draftId, data: existing.data, targetId: existing.targetId };
  else if (existing && sameTarget && Object.keys(existing.data).length > 0) {
    const p = opts.progress(existing.data);
    const when = existing.savedAt
      ? formatDay(localDay(new Date(existing.savedAt), deps.config.TIME_ZONE))
      : '';
    // Only the two buttons decide: anything typed or sent gets a hint and the question again, so
    // a reply such as "tiếp tục" never throws the draft away.
    let current = ctx;
    let hint = false;
    for (;;) {
      const question = io.t('form-draft-found', { when, done: p.done, total: p.total });
      const r = await ask(io, current, {
        text: hint ? `${io.t('form-draft-use-buttons')}\n\n${question}` : question,
        choices: [
          [{ label: io.t('form-draft-continue'), value: 'continue' }],
          [{ label: io.t('form-draft-restart'), value: 'restart' }],
        ],
      });
      if (r.kind === 'cancel') return null;
      if (r.kind === 'choice' && r.value === 'continue') {
        draft = { draftId: existing.draftId, data: existing.data, targetId: existing.targetId };
        break;
      }
      if (r.kind === 'choice' && r.value === 'restart') break;
      if (r.kind === 'text' || r.kind === 'media') current = r.ctx;
      hint = true;
    }
  }
  if (!draft) {
    draft = await conversation.external(async (octx) => {
      const at = deps.clock.now();
      const d = await startDraft(telegramId, form, opts.initial, opts.targetId ?? null, at);
      const started = { draftId: d.draftId, data: opts.initial, targetId: opts.targetId ?? null };
      // Supersedes any answers of an older draft of this form parked in the chat's record.
      stageDraft(octx, form, draftSnapshot(started, opts.initial, null, at));
      return started;
    });
  }
  const started = draft;
  return {
    draftId: started.draftId,
    data: started.data,
    // Not a write of its own: the answers go to the database with the conversation state that
    // records them, in one command after this update (src/bot/conversation-storage.ts); staged in
    // the next `external` the run makes (the next question's), not one of their own.
    save: async (d, step) => {
      io.pendingStage ??= new Map();
      io.pendingStage.set(form, (octx) =>
        stageDraft(octx, form, draftSnapshot(started, d, step, deps.clock.now())),
      );
    },
    // The parked answers leave with this update's state write; the draft's start goes now.
    discard: () => {
      io.pendingStage?.delete(form);
      return conversation.external(async (octx) => {
        stageDraft(octx, form, null);
        await discardDraftStart(telegramId, form);
      });
    },
  };
}

/** Plain JSON copy (ObjectIds and Dates to strings) so a value can pass through `external`. */
export function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

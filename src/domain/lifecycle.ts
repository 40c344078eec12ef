/**
 * The life of a "Dân vận khéo" model, as the plan describes it: registered, nurtured (chăm bồi),
 * submitted for appraisal (thẩm định), appraised, selected (xét chọn), honoured (biểu dương).
 * Returned and withdrawn are the side exits. Honour at one level lets the model register for the
 * next one (`promote`), which starts the cycle again at a higher target level.
 */

export const INITIATIVE_STATUSES = [
  'registered',
  'returned',
  'nurturing',
  'submitted',
  'appraised',
  'selected',
  'honoured',
  'withdrawn',
] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** Who is acting, relative to the model: its owner, a coordinator whose subtree holds it, the board. */
export type Actor = 'owner' | 'coordinator' | 'board' | 'admin';

export const TRANSITIONS = {
  accept: { from: ['registered'], to: 'nurturing', by: ['coordinator', 'board', 'admin'] },
  return: { from: ['registered', 'submitted'], to: 'returned', by: ['coordinator', 'board', 'admin'] },
  resubmit: { from: ['returned'], to: 'registered', by: ['owner', 'admin'] },
  /** Put forward into a round; a model honoured in an earlier round may be put forward again. */
  submit: { from: ['nurturing', 'honoured'], to: 'submitted', by: ['owner', 'coordinator', 'admin'] },
  appraise: { from: ['submitted'], to: 'appraised', by: ['coordinator', 'board', 'admin'] },
  /** Not selected this round (appraised, or not fully appraised when the round is decided): back to nurturing. */
  decline: { from: ['submitted', 'appraised'], to: 'nurturing', by: ['coordinator', 'board', 'admin'] },
  select: { from: ['appraised'], to: 'selected', by: ['coordinator', 'board', 'admin'] },
  honour: { from: ['selected'], to: 'honoured', by: ['coordinator', 'board', 'admin'] },
  promote: { from: ['honoured'], to: 'registered', by: ['owner', 'coordinator', 'admin'] },
  withdraw: {
    from: ['registered', 'returned', 'nurturing'],
    to: 'withdrawn',
    by: ['owner', 'coordinator', 'admin'],
  },
} as const satisfies Record<
  string,
  { from: readonly InitiativeStatus[]; to: InitiativeStatus; by: readonly Actor[] }
>;

export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

export type TransitionCheck =
  | { ok: true; to: InitiativeStatus }
  | { ok: false; reason: 'wrong-status' | 'not-allowed' | 'top-level' };

/** Target levels in ascending order; `promote` moves to the next one. */
export const TARGET_LEVELS = ['grassroots', 'district', 'province'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];

export function nextTargetLevel(level: string, levels: readonly string[] = TARGET_LEVELS): string | null {
  const i = levels.indexOf(level);
  return i >= 0 && i + 1 < levels.length ? (levels[i + 1] ?? null) : null;
}

export function checkTransition(
  name: TransitionName,
  from: InitiativeStatus,
  actor: Actor,
  opts: { targetLevel?: string; levels?: readonly string[] } = {},
): TransitionCheck {
  const t = TRANSITIONS[name];
  if (!(t.by as readonly Actor[]).includes(actor)) return { ok: false, reason: 'not-allowed' };
  if (!(t.from as readonly InitiativeStatus[]).includes(from)) return { ok: false, reason: 'wrong-status' };
  if (name === 'promote' && opts.targetLevel && nextTargetLevel(opts.targetLevel, opts.levels) === null) {
    return { ok: false, reason: 'top-level' };
  }
  return { ok: true, to: t.to };
}

/** Transitions this actor could take from this status (for showing buttons). */
export function availableTransitions(from: InitiativeStatus, actor: Actor): TransitionName[] {
  return TRANSITION_NAMES.filter((n) => checkTransition(n, from, actor).ok);
}

/** A cadre may edit the registration only before a coordinator has accepted it. */
export function isEditable(status: InitiativeStatus): boolean {
  return status === 'registered' || status === 'returned';
}

/**
 * Progress is reported while the model is being nurtured, is under appraisal, and after its
 * honour (sustainability: an honoured model keeps reporting).
 */
export function isOpenForReports(status: InitiativeStatus): boolean {
  return (
    status === 'nurturing' ||
    status === 'submitted' ||
    status === 'appraised' ||
    status === 'selected' ||
    status === 'honoured'
  );
}

/** "Effective" in reports: accepted and still alive. */
export function isActive(status: InitiativeStatus): boolean {
  return status !== 'registered' && status !== 'returned' && status !== 'withdrawn';
}

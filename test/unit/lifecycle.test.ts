import { describe, expect, it } from 'vitest';
import {
  type Actor,
  availableTransitions,
  checkTransition,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  isActive,
  isEditable,
  isOpenForReports,
  nextTargetLevel,
  TARGET_LEVELS,
  TRANSITION_NAMES,
  type TransitionName,
} from '../../src/domain/lifecycle.ts';

/*
 * The expected lifecycle, written out by hand from the plan (domain.md), NOT read from
 * TRANSITIONS: a change to the state machine must show up here as a failing test.
 *
 *   registered --accept--> nurturing --submit--> submitted --appraise--> appraised
 *   appraised --select--> selected --honour--> honoured --promote--> registered (next level)
 *   appraised --decline--> nurturing (not selected this round)
 *   registered|submitted --return--> returned --resubmit--> registered
 *   registered|returned|nurturing --withdraw--> withdrawn
 */
/** The plan's eight statuses, in the order a model meets them (the two side exits among them). */
const PLAN_STATUSES = 'registered returned nurturing submitted appraised selected honoured withdrawn';
const STATUSES = PLAN_STATUSES.split(' ') as InitiativeStatus[];
const ACTORS: Actor[] = ['owner', 'coordinator', 'board', 'admin'];

/**
 * The plan's transitions, one line each: "name: from statuses → to status; by actors". Read into
 * EXPECTED below; a status or an actor that is not in the lists above is an error in the plan.
 */
const PLAN = [
  'accept: registered → nurturing; by coordinator, board, admin',
  'return: registered, submitted → returned; by coordinator, board, admin',
  'resubmit: returned → registered; by owner, admin',
  // A model honoured in one round may be put forward again (the tổng kết honours "lần 2").
  'submit: nurturing, honoured → submitted; by owner, coordinator, admin',
  'appraise: submitted → appraised; by coordinator, board, admin',
  'decline: submitted, appraised → nurturing; by coordinator, board, admin',
  'select: appraised → selected; by coordinator, board, admin',
  'honour: selected → honoured; by coordinator, board, admin',
  'promote: honoured → registered; by owner, coordinator, admin',
  'withdraw: registered, returned, nurturing → withdrawn; by owner, coordinator, admin',
];

function planLine(line: string): [string, { from: InitiativeStatus[]; to: InitiativeStatus; by: Actor[] }] {
  const m = /^(\w+): (.+) → (\w+); by (.+)$/.exec(line);
  if (!m) throw new Error(`unreadable plan line: ${line}`);
  const statuses = [...m[2]!.split(', '), m[3]!];
  const actors = m[4]!.split(', ');
  const unknown = [
    ...statuses.filter((x) => !STATUSES.includes(x as InitiativeStatus)),
    ...actors.filter((a) => !ACTORS.includes(a as Actor)),
  ];
  if (unknown.length) throw new Error(`plan line "${line}" names ${unknown.join(', ')}`);
  return [
    m[1]!,
    {
      from: statuses.slice(0, -1) as InitiativeStatus[],
      to: m[3] as InitiativeStatus,
      by: actors as Actor[],
    },
  ];
}

const EXPECTED = Object.fromEntries(PLAN.map(planLine)) as Record<
  TransitionName,
  { from: InitiativeStatus[]; to: InitiativeStatus; by: Actor[] }
>;

/** Who may do it is checked before where the model stands: a stranger learns nothing about status. */
function expected(name: TransitionName, from: InitiativeStatus, actor: Actor) {
  const e = EXPECTED[name];
  if (!e.by.includes(actor)) return { ok: false, reason: 'not-allowed' };
  if (!e.from.includes(from)) return { ok: false, reason: 'wrong-status' };
  return { ok: true, to: e.to };
}

describe('lifecycle: the vocabulary', () => {
  it('has exactly the statuses and transitions of the plan', () => {
    expect([...INITIATIVE_STATUSES].sort()).toEqual([...STATUSES].sort());
    expect([...TRANSITION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('lifecycle: every transition x status x actor', () => {
  const cases = TRANSITION_NAMES.flatMap((name) =>
    STATUSES.flatMap((from) => ACTORS.map((actor) => [name, from, actor] as const)),
  );

  it('covers the full matrix (10 transitions x 8 statuses x 4 actors)', () => {
    expect(cases).toHaveLength(10 * 8 * 4);
    const allowed = cases.filter(([n, f, a]) => expected(n, f, a).ok);
    // 1+2+1+2+1+2+1+1+1+3 allowed (transition, from) pairs times their actors.
    expect(allowed).toHaveLength(3 + 6 + 2 + 6 + 3 + 6 + 3 + 3 + 3 + 9);
  });

  it.each(cases)('%s from %s by %s', (name, from, actor) => {
    // targetLevel grassroots: promote is never blocked by the top level here.
    expect(checkTransition(name, from, actor, { targetLevel: 'grassroots' })).toEqual(
      expected(name, from, actor),
    );
    expect(checkTransition(name, from, actor)).toEqual(expected(name, from, actor));
  });

  it('a withdrawn model is final: nobody can move it', () => {
    for (const name of TRANSITION_NAMES)
      for (const actor of ACTORS) expect(checkTransition(name, 'withdrawn', actor).ok).toBe(false);
  });

  it('an owner cannot accept, appraise, select or honour their own model', () => {
    for (const name of ['accept', 'return', 'appraise', 'decline', 'select', 'honour'] as const)
      for (const from of STATUSES)
        expect(checkTransition(name, from, 'owner')).toEqual({ ok: false, reason: 'not-allowed' });
  });

  it('availableTransitions lists what each actor can do from each status', () => {
    const buttons: Record<InitiativeStatus, Record<Actor, TransitionName[]>> = {
      registered: {
        owner: ['withdraw'],
        coordinator: ['accept', 'return', 'withdraw'],
        board: ['accept', 'return'],
        admin: ['accept', 'return', 'withdraw'],
      },
      returned: {
        owner: ['resubmit', 'withdraw'],
        coordinator: ['withdraw'],
        board: [],
        admin: ['resubmit', 'withdraw'],
      },
      nurturing: {
        owner: ['submit', 'withdraw'],
        coordinator: ['submit', 'withdraw'],
        board: [],
        admin: ['submit', 'withdraw'],
      },
      submitted: {
        owner: [],
        coordinator: ['return', 'appraise', 'decline'],
        board: ['return', 'appraise', 'decline'],
        admin: ['return', 'appraise', 'decline'],
      },
      appraised: {
        owner: [],
        coordinator: ['decline', 'select'],
        board: ['decline', 'select'],
        admin: ['decline', 'select'],
      },
      selected: { owner: [], coordinator: ['honour'], board: ['honour'], admin: ['honour'] },
      honoured: {
        owner: ['promote', 'submit'],
        coordinator: ['promote', 'submit'],
        board: [],
        admin: ['promote', 'submit'],
      },
      withdrawn: { owner: [], coordinator: [], board: [], admin: [] },
    };
    for (const from of STATUSES)
      for (const actor of ACTORS)
        expect([...availableTransitions(from, actor)].sort(), `${from} by ${actor}`).toEqual(
          [...buttons[from][actor]].sort(),
        );
  });
});

describe('lifecycle: promote to the next level', () => {
  it('is refused at the top level with reason top-level', () => {
    expect(checkTransition('promote', 'honoured', 'owner', { targetLevel: 'province' })).toEqual({
      ok: false,
      reason: 'top-level',
    });
    expect(checkTransition('promote', 'honoured', 'admin', { targetLevel: 'province' })).toEqual({
      ok: false,
      reason: 'top-level',
    });
  });

  it('is allowed from grassroots and district', () => {
    for (const targetLevel of ['grassroots', 'district'])
      expect(checkTransition('promote', 'honoured', 'coordinator', { targetLevel })).toEqual({
        ok: true,
        to: 'registered',
      });
  });

  it('uses the campaign levels when given', () => {
    const levels = ['commune', 'province'];
    expect(checkTransition('promote', 'honoured', 'owner', { targetLevel: 'commune', levels }).ok).toBe(true);
    expect(checkTransition('promote', 'honoured', 'owner', { targetLevel: 'province', levels })).toEqual({
      ok: false,
      reason: 'top-level',
    });
    // A level the campaign does not know has no next level either.
    expect(checkTransition('promote', 'honoured', 'owner', { targetLevel: 'district', levels }).ok).toBe(
      false,
    );
  });

  it('reports a wrong actor or status before the level', () => {
    expect(checkTransition('promote', 'honoured', 'board', { targetLevel: 'province' })).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    expect(checkTransition('promote', 'selected', 'owner', { targetLevel: 'province' })).toEqual({
      ok: false,
      reason: 'wrong-status',
    });
  });

  it('the level check applies only to promote', () => {
    expect(checkTransition('honour', 'selected', 'board', { targetLevel: 'province' })).toEqual({
      ok: true,
      to: 'honoured',
    });
  });
});

describe('nextTargetLevel', () => {
  it('walks grassroots -> district -> province -> none', () => {
    expect([...TARGET_LEVELS]).toEqual(['grassroots', 'district', 'province']);
    expect(nextTargetLevel('grassroots')).toBe('district');
    expect(nextTargetLevel('district')).toBe('province');
    expect(nextTargetLevel('province')).toBeNull();
  });

  it('returns null for an unknown level and follows custom level lists', () => {
    expect(nextTargetLevel('national')).toBeNull();
    expect(nextTargetLevel('')).toBeNull();
    expect(nextTargetLevel('commune', ['commune', 'province'])).toBe('province');
    expect(nextTargetLevel('province', ['commune', 'province'])).toBeNull();
    expect(nextTargetLevel('grassroots', [])).toBeNull();
  });
});

describe('status predicates', () => {
  const table: Record<InitiativeStatus, { editable: boolean; reports: boolean; active: boolean }> = {
    registered: { editable: true, reports: false, active: false },
    returned: { editable: true, reports: false, active: false },
    nurturing: { editable: false, reports: true, active: true },
    submitted: { editable: false, reports: true, active: true },
    appraised: { editable: false, reports: true, active: true },
    selected: { editable: false, reports: true, active: true },
    // After its honour a model keeps reporting (sustainability, follow-up).
    honoured: { editable: false, reports: true, active: true },
    withdrawn: { editable: false, reports: false, active: false },
  };
  it.each(STATUSES)('%s', (s) => {
    expect(isEditable(s)).toBe(table[s].editable);
    expect(isOpenForReports(s)).toBe(table[s].reports);
    expect(isActive(s)).toBe(table[s].active);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  can,
  invitableRoles,
  isAdmin,
  type Principal,
  primaryRole,
  type RoleName,
  scopeRoots,
  type Target,
} from '../../src/domain/permissions.ts';

/*
 * A small unit tree:        P (province)
 *                          /            \
 *                        D1              D2
 *                        |
 *                        C1
 */
const PATH = {
  P: ['P'],
  D1: ['P', 'D1'],
  D2: ['P', 'D2'],
  C1: ['P', 'D1', 'C1'],
} as const;
type UnitId = keyof typeof PATH;
const UNITS = Object.keys(PATH) as UnitId[];

const principals = {
  cadreC1: { userId: 'u-cadre', grants: [{ role: 'cadre', unitId: 'C1' }] },
  coordD1: { userId: 'u-coord1', grants: [{ role: 'coordinator', unitId: 'D1' }] },
  coordD2: { userId: 'u-coord2', grants: [{ role: 'coordinator', unitId: 'D2' }] },
  boardP: { userId: 'u-board', grants: [{ role: 'board', unitId: 'P' }] },
  admin: { userId: 'u-admin', grants: [{ role: 'admin', unitId: 'P' }] },
  nobody: { userId: 'u-nobody', grants: [] },
} satisfies Record<string, Principal>;
type Who = keyof typeof principals;
const WHO = Object.keys(principals) as Who[];

/** The role each principal holds and the units its grant covers (its unit and everything below). */
const COVERS: Record<Who, { role: RoleName | null; units: UnitId[] }> = {
  cadreC1: { role: 'cadre', units: ['C1'] },
  coordD1: { role: 'coordinator', units: ['D1', 'C1'] },
  coordD2: { role: 'coordinator', units: ['D2'] },
  boardP: { role: 'board', units: ['P', 'D1', 'D2', 'C1'] },
  admin: { role: 'admin', units: ['P', 'D1', 'D2', 'C1'] },
  nobody: { role: null, units: [] },
};

/*
 * The policy as the product describes it (domain.md, quality.md), written independently of
 * POLICY: which roles may act inside their subtree, and whether a record's owner may act on it
 * whatever their role. An admin may do everything everywhere.
 *   cadre: registers models, reports on and edits their own, sees their own.
 *   coordinator: reviews, appraises, invites and decides access in their subtree.
 *   board: sees the whole campaign, summaries, exports; reviews; invites.
 */
const C = 'cadre';
const K = 'coordinator';
const B = 'board';
const EXPECTED_POLICY: Record<Action, { roles: RoleName[]; owner: boolean }> = {
  'initiative.register': { roles: [C, K], owner: false },
  'initiative.view': { roles: [K, B], owner: true },
  'initiative.edit': { roles: [], owner: true },
  'initiative.withdraw': { roles: [K], owner: true },
  'report.submit': { roles: [K], owner: true },
  'review.queue': { roles: [K, B], owner: false },
  'initiative.accept': { roles: [K, B], owner: false },
  'initiative.return': { roles: [K, B], owner: false },
  'report.verify': { roles: [K, B], owner: false },
  'initiative.appraise': { roles: [K, B], owner: false },
  'initiative.select': { roles: [K, B], owner: false },
  'initiative.honour': { roles: [K, B], owner: false },
  'initiative.replicate': { roles: [K, B], owner: false },
  'summary.view': { roles: [K, B], owner: false },
  'export.create': { roles: [K, B], owner: false },
  'invite.create': { roles: [K, B], owner: false },
  'access.decide': { roles: [K], owner: false },
  'admin.manage': { roles: [], owner: false },
};

function expectedCan(who: Who, action: Action, unit: UnitId, owned: boolean): boolean {
  const c = COVERS[who];
  if (c.role === 'admin') return true;
  const rule = EXPECTED_POLICY[action];
  // Owner rights last only while some grant of theirs still covers the record's unit.
  if (rule.owner && owned && c.units.includes(unit)) return true;
  return c.role !== null && rule.roles.includes(c.role) && c.units.includes(unit);
}

describe('permissions: the action list', () => {
  it('is exactly the actions the policy table above knows', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED_POLICY).sort());
  });
});

describe('permissions: every action x principal x target', () => {
  const cases = ACTIONS.flatMap((action) =>
    WHO.flatMap((who) =>
      UNITS.flatMap((unit) => [false, true].map((owned) => [action, who, unit, owned] as const)),
    ),
  );

  it('covers 18 actions x 6 principals x 4 units x owner/not owner', () => {
    expect(cases).toHaveLength(18 * 6 * 4 * 2);
  });

  it.each(cases)('%s by %s on a record at %s (owner: %s)', (action, who, unit, owned) => {
    const p = principals[who];
    const target: Target = {
      unitPath: PATH[unit],
      unitId: unit,
      ownerId: owned ? p.userId : 'u-somebody-else',
    };
    expect(can(p, action, target)).toBe(expectedCan(who, action, unit, owned));
  });

  it.each(ACTIONS)('%s on a place (no owner) follows role and scope only', (action) => {
    for (const who of WHO)
      for (const unit of UNITS)
        expect(can(principals[who], action, { unitPath: PATH[unit] }), `${who}@${unit}`).toBe(
          expectedCan(who, action, unit, false),
        );
  });
});

describe('permissions: spot checks a reader can follow', () => {
  const record = (unit: UnitId, ownerId: string | null = null): Target => ({
    unitPath: PATH[unit],
    unitId: unit,
    ownerId,
  });

  it('a cadre edits and reports on their own model, not a neighbour’s in the same commune', () => {
    const { cadreC1 } = principals;
    expect(can(cadreC1, 'initiative.edit', record('C1', 'u-cadre'))).toBe(true);
    expect(can(cadreC1, 'report.submit', record('C1', 'u-cadre'))).toBe(true);
    expect(can(cadreC1, 'initiative.view', record('C1', 'u-cadre'))).toBe(true);
    expect(can(cadreC1, 'initiative.edit', record('C1', 'u-other'))).toBe(false);
    expect(can(cadreC1, 'initiative.view', record('C1', 'u-other'))).toBe(false);
    expect(can(cadreC1, 'report.submit', record('C1', 'u-other'))).toBe(false);
    expect(can(cadreC1, 'initiative.appraise', record('C1', 'u-cadre'))).toBe(false);
  });

  it('a cadre registers at their own unit, not above it or beside it', () => {
    const { cadreC1 } = principals;
    expect(can(cadreC1, 'initiative.register', record('C1'))).toBe(true);
    expect(can(cadreC1, 'initiative.register', record('D1'))).toBe(false);
    expect(can(cadreC1, 'initiative.register', record('D2'))).toBe(false);
  });

  it('a coordinator of D1 reviews D1 and C1, never D2 or the province', () => {
    const { coordD1 } = principals;
    expect(can(coordD1, 'initiative.accept', record('C1'))).toBe(true);
    expect(can(coordD1, 'initiative.accept', record('D1'))).toBe(true);
    expect(can(coordD1, 'initiative.accept', record('D2'))).toBe(false);
    expect(can(coordD1, 'initiative.accept', record('P'))).toBe(false);
    expect(can(coordD1, 'summary.view', record('P'))).toBe(false);
  });

  it('a record without an owner never matches a principal by accident', () => {
    const ghost: Principal = { userId: '', grants: [] };
    expect(can(ghost, 'initiative.edit', { unitPath: PATH.C1, ownerId: null })).toBe(false);
    expect(can(ghost, 'initiative.edit', { unitPath: PATH.C1 })).toBe(false);
  });

  it('an empty unit path is in nobody’s scope but an admin’s', () => {
    for (const who of WHO)
      expect(can(principals[who], 'summary.view', { unitPath: [] }), who).toBe(who === 'admin');
  });

  it('several grants add up', () => {
    const both: Principal = {
      userId: 'u-both',
      grants: [
        { role: 'cadre', unitId: 'C1' },
        { role: 'coordinator', unitId: 'D2' },
      ],
    };
    expect(can(both, 'initiative.register', record('C1'))).toBe(true);
    expect(can(both, 'initiative.accept', record('C1'))).toBe(false);
    expect(can(both, 'initiative.accept', record('D2'))).toBe(true);
  });
});

describe('permissions: owner rights do not outlive roles', () => {
  const own = (unit: UnitId, userId: string): Target => ({
    unitPath: PATH[unit],
    unitId: unit,
    ownerId: userId,
  });
  const OWNER_ACTIONS: Action[] = [
    'initiative.view',
    'initiative.edit',
    'initiative.withdraw',
    'report.submit',
  ];

  it('a cadre whose roles were all revoked can no longer view, edit, withdraw or report on their own model', () => {
    const revoked: Principal = { userId: 'u-cadre', grants: [] };
    for (const action of OWNER_ACTIONS) {
      expect(can(principals.cadreC1, action, own('C1', 'u-cadre')), action).toBe(true);
      expect(can(revoked, action, own('C1', 'u-cadre')), action).toBe(false);
    }
  });

  it('an owner moved to another unit keeps no rights on the model left behind', () => {
    const moved: Principal = { userId: 'u-cadre', grants: [{ role: 'cadre', unitId: 'D2' }] };
    for (const action of OWNER_ACTIONS) expect(can(moved, action, own('C1', 'u-cadre')), action).toBe(false);
  });

  it('a grant above the model’s unit, of any role, keeps the owner’s rights', () => {
    const above: Principal = { userId: 'u-cadre', grants: [{ role: 'cadre', unitId: 'D1' }] };
    for (const action of OWNER_ACTIONS) expect(can(above, action, own('C1', 'u-cadre')), action).toBe(true);
  });
});

describe('permissions: forbidOwnUnit (no appraising a model of one’s own unit)', () => {
  const model = (unit: UnitId): Target => ({ unitPath: PATH[unit], unitId: unit, ownerId: 'u-x' });
  const opts = { forbidOwnUnit: true };

  it('stops a coordinator appraising their own unit’s model, not one below it', () => {
    expect(can(principals.coordD1, 'initiative.appraise', model('D1'), opts)).toBe(false);
    expect(can(principals.coordD1, 'initiative.appraise', model('C1'), opts)).toBe(true);
    expect(can(principals.coordD1, 'initiative.appraise', model('D1'))).toBe(true);
  });

  it('stops the board appraising a province-level model, not a district one', () => {
    expect(can(principals.boardP, 'initiative.appraise', model('P'), opts)).toBe(false);
    expect(can(principals.boardP, 'initiative.appraise', model('D1'), opts)).toBe(true);
  });

  it('allows a person with a grant above the model’s unit as well as at it', () => {
    const twoHats: Principal = {
      userId: 'u-two',
      grants: [
        { role: 'coordinator', unitId: 'D1' },
        { role: 'board', unitId: 'P' },
      ],
    };
    expect(can(twoHats, 'initiative.appraise', model('D1'), opts)).toBe(true);
  });

  it('applies to appraisal only, and never to an admin', () => {
    expect(can(principals.coordD1, 'initiative.select', model('D1'), opts)).toBe(true);
    expect(can(principals.coordD1, 'initiative.accept', model('D1'), opts)).toBe(true);
    expect(can(principals.admin, 'initiative.appraise', { ...model('P'), unitId: 'P' }, opts)).toBe(true);
  });

  it('does not widen scope: out of scope stays refused', () => {
    expect(can(principals.coordD2, 'initiative.appraise', model('C1'), opts)).toBe(false);
  });
});

describe('scopeRoots', () => {
  it('gives the grant units that carry the action, or all for an admin', () => {
    expect(scopeRoots(principals.admin, 'admin.manage')).toBe('all');
    expect(scopeRoots(principals.cadreC1, 'initiative.register')).toEqual(['C1']);
    expect(scopeRoots(principals.cadreC1, 'summary.view')).toEqual([]);
    // A cadre sees their own models through ownership, not through a subtree.
    expect(scopeRoots(principals.cadreC1, 'initiative.view')).toEqual([]);
    expect(scopeRoots(principals.coordD1, 'review.queue')).toEqual(['D1']);
    expect(scopeRoots(principals.coordD2, 'access.decide')).toEqual(['D2']);
    expect(scopeRoots(principals.boardP, 'export.create')).toEqual(['P']);
    expect(scopeRoots(principals.boardP, 'access.decide')).toEqual([]);
    expect(scopeRoots(principals.nobody, 'initiative.view')).toEqual([]);
    for (const action of ACTIONS) expect(scopeRoots(principals.nobody, action)).toEqual([]);
  });

  it('lists each root once and keeps several roots', () => {
    const p: Principal = {
      userId: 'u',
      grants: [
        { role: 'coordinator', unitId: 'D1' },
        { role: 'cadre', unitId: 'D1' },
        { role: 'coordinator', unitId: 'D2' },
      ],
    };
    expect([...(scopeRoots(p, 'initiative.register') as string[])].sort()).toEqual(['D1', 'D2']);
    expect([...(scopeRoots(p, 'initiative.accept') as string[])].sort()).toEqual(['D1', 'D2']);
  });
});

describe('invitableRoles', () => {
  const sorted = (r: RoleName[]) => [...r].sort();
  it('lets a coordinator invite cadres and coordinators in their subtree only', () => {
    expect(sorted(invitableRoles(principals.coordD1, PATH.C1))).toEqual(['cadre', 'coordinator']);
    expect(sorted(invitableRoles(principals.coordD1, PATH.D1))).toEqual(['cadre', 'coordinator']);
    expect(invitableRoles(principals.coordD1, PATH.D2)).toEqual([]);
    expect(invitableRoles(principals.coordD1, PATH.P)).toEqual([]);
  });

  it('lets the board invite up to board anywhere in the province, never an admin', () => {
    for (const unit of UNITS)
      expect(sorted(invitableRoles(principals.boardP, PATH[unit]))).toEqual([
        'board',
        'cadre',
        'coordinator',
      ]);
  });

  it('lets an admin invite every role, and nobody else invite anything', () => {
    expect(sorted(invitableRoles(principals.admin, PATH.C1))).toEqual([
      'admin',
      'board',
      'cadre',
      'coordinator',
    ]);
    expect(invitableRoles(principals.cadreC1, PATH.C1)).toEqual([]);
    expect(invitableRoles(principals.nobody, PATH.C1)).toEqual([]);
  });
});

describe('primaryRole and isAdmin', () => {
  it('picks the most senior role', () => {
    expect(primaryRole(principals.cadreC1)).toBe('cadre');
    expect(primaryRole(principals.coordD1)).toBe('coordinator');
    expect(primaryRole(principals.boardP)).toBe('board');
    expect(primaryRole(principals.admin)).toBe('admin');
    expect(primaryRole(principals.nobody)).toBeNull();
    expect(
      primaryRole({
        userId: 'u',
        grants: [
          { role: 'cadre', unitId: 'C1' },
          { role: 'board', unitId: 'P' },
          { role: 'coordinator', unitId: 'D1' },
        ],
      }),
    ).toBe('board');
  });

  it('knows an admin by grant', () => {
    expect(WHO.filter((w) => isAdmin(principals[w]))).toEqual(['admin']);
  });
});

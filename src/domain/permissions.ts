/**
 * The one answer to "may this person do this here?". Every command, button and conversation step
 * asks `can` on the server side; callback data is never trusted to carry a permission.
 *
 * Scope is the unit subtree: a grant at unit U covers every record whose unit path contains U.
 */

export type RoleName = 'cadre' | 'coordinator' | 'board' | 'admin';

export interface Grant {
  role: RoleName;
  unitId: string;
}

export interface Principal {
  userId: string;
  grants: readonly Grant[];
}

/** A record or a place: its unit path (ancestors and itself) and, for records, who owns it. */
export interface Target {
  unitPath: readonly string[];
  ownerId?: string | null;
  /** The record's own unit (for the "not your own unit" appraisal rule). */
  unitId?: string;
}

export const ACTIONS = [
  'initiative.register',
  'initiative.view',
  'initiative.edit',
  'initiative.withdraw',
  'report.submit',
  'review.queue',
  'initiative.accept',
  'initiative.return',
  'report.verify',
  'initiative.appraise',
  'initiative.select',
  'initiative.honour',
  'initiative.replicate',
  'summary.view',
  'export.create',
  'invite.create',
  'access.decide',
  'admin.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

interface Rule {
  /** Roles that may act anywhere in the subtree of their grant. */
  inScope: readonly RoleName[];
  /** Whether the owner of the record may act on it, whatever their role (while any grant of theirs covers it). */
  owner: boolean;
}

const reviewer: Rule = { inScope: ['coordinator', 'board'], owner: false };

export const POLICY: Record<Action, Rule> = {
  'initiative.register': { inScope: ['cadre', 'coordinator'], owner: false },
  'initiative.view': { inScope: ['coordinator', 'board'], owner: true },
  'initiative.edit': { inScope: [], owner: true },
  'initiative.withdraw': { inScope: ['coordinator'], owner: true },
  'report.submit': { inScope: ['coordinator'], owner: true },
  'review.queue': reviewer,
  'initiative.accept': reviewer,
  'initiative.return': reviewer,
  'report.verify': reviewer,
  'initiative.appraise': reviewer,
  'initiative.select': reviewer,
  'initiative.honour': reviewer,
  'initiative.replicate': reviewer,
  'summary.view': reviewer,
  'export.create': reviewer,
  'invite.create': { inScope: ['coordinator', 'board'], owner: false },
  'access.decide': { inScope: ['coordinator'], owner: false },
  'admin.manage': { inScope: [], owner: false },
};

export function isAdmin(p: Principal): boolean {
  return p.grants.some((g) => g.role === 'admin');
}

export interface CanOptions {
  /** The campaign forbids appraising a model of one's own unit. */
  forbidOwnUnit?: boolean;
}

export function can(p: Principal, action: Action, target: Target, opts: CanOptions = {}): boolean {
  if (isAdmin(p)) return true;
  const rule = POLICY[action];
  // Owner rights hold only while the owner still holds some grant covering the record's unit:
  // a person whose roles were revoked (or who moved elsewhere) keeps nothing on old models.
  if (
    rule.owner &&
    target.ownerId != null &&
    target.ownerId === p.userId &&
    p.grants.some((g) => target.unitPath.includes(g.unitId))
  )
    return true;
  const grants = p.grants.filter((g) => rule.inScope.includes(g.role) && target.unitPath.includes(g.unitId));
  if (grants.length === 0) return false;
  if (opts.forbidOwnUnit && action === 'initiative.appraise' && target.unitId) {
    // Allowed only through a grant above the model's own unit.
    return grants.some((g) => g.unitId !== target.unitId);
  }
  return true;
}

/**
 * The unit ids whose subtrees this person may act on for `action`; `'all'` for an admin.
 * Used to build database queries (`{ unitPath: { $in: roots } }`). Empty means nowhere.
 */
export function scopeRoots(p: Principal, action: Action): string[] | 'all' {
  if (isAdmin(p)) return 'all';
  const rule = POLICY[action];
  return [...new Set(p.grants.filter((g) => rule.inScope.includes(g.role)).map((g) => g.unitId))];
}

/** Which roles this person may hand out by invite at a unit with this path. */
export function invitableRoles(p: Principal, unitPath: readonly string[]): RoleName[] {
  if (isAdmin(p)) return ['cadre', 'coordinator', 'board', 'admin'];
  const inScope = p.grants.filter((g) => unitPath.includes(g.unitId));
  const roles = new Set<RoleName>();
  for (const g of inScope) {
    if (g.role === 'coordinator') {
      roles.add('cadre');
      roles.add('coordinator');
    }
    if (g.role === 'board') {
      roles.add('cadre');
      roles.add('coordinator');
      roles.add('board');
    }
  }
  return [...roles];
}

/** The most senior role a person holds, for help texts and command menus. */
export function primaryRole(p: Principal): RoleName | null {
  for (const r of ['admin', 'board', 'coordinator', 'cadre'] as const) {
    if (p.grants.some((g) => g.role === r)) return r;
  }
  return null;
}

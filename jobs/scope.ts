import type { Types } from 'mongoose';
import { type CampaignDoc, roleKey, Unit, type UnitDoc, User, type UserDoc } from '../src/db/models/index.ts';

/** The units under a campaign's root and their coordinators and board members, loaded once per plan. */
export class CampaignScope {
  private constructor(
    readonly units: UnitDoc[],
    readonly byId: Map<string, UnitDoc>,
    private readonly holders: Map<string, UserDoc[]>,
  ) {}

  static async load(campaign: CampaignDoc): Promise<CampaignScope> {
    const units = await Unit.find({ path: campaign.rootUnitId, active: true }).lean<UnitDoc[]>();
    const byId = new Map(units.map((u) => [String(u._id), u]));
    const keys = units.flatMap((u) => [roleKey('coordinator', u._id), roleKey('board', u._id)]);
    const holders = new Map<string, UserDoc[]>();
    for (let i = 0; i < keys.length; i += 2000) {
      const users = await User.find({ active: true, roleKeys: { $in: keys.slice(i, i + 2000) } }).lean<
        UserDoc[]
      >();
      for (const user of users) {
        for (const k of user.roleKeys) {
          const list = holders.get(k) ?? [];
          if (!list.some((u) => u.telegramId === user.telegramId)) list.push(user);
          holders.set(k, list);
        }
      }
    }
    return new CampaignScope(units, byId, holders);
  }

  coordinatorsOf(unitId: Types.ObjectId | string): UserDoc[] {
    return this.holders.get(roleKey('coordinator', unitId)) ?? [];
  }

  /** The deepest unit on a model's path (its own unit first) that has a coordinator, as a string id. */
  nearestCoordinated(unitPath: readonly (Types.ObjectId | string)[]): string | null {
    for (let i = unitPath.length - 1; i >= 0; i--) {
      if (this.coordinatorsOf(unitPath[i]!).length > 0) return String(unitPath[i]);
    }
    return null;
  }

  /** Each board member and coordinator with the units they hold here, nested ones left out. */
  digestRecipients(): { user: UserDoc; unit: UnitDoc; role: string }[] {
    const seen = new Map<number, { user: UserDoc; grants: { unit: UnitDoc; role: string }[] }>();
    for (const [key, users] of this.holders) {
      const [role, unitId] = key.split(':') as [string, string];
      const unit = this.byId.get(unitId);
      if (!unit || (role !== 'coordinator' && role !== 'board')) continue;
      for (const user of users) {
        const entry = seen.get(user.telegramId) ?? { user, grants: [] };
        entry.grants.push({ unit, role });
        seen.set(user.telegramId, entry);
      }
    }
    const out: { user: UserDoc; unit: UnitDoc; role: string }[] = [];
    for (const { user, grants } of seen.values()) {
      const ids = new Set(grants.map((g) => String(g.unit._id)));
      const distinct = new Map<string, { unit: UnitDoc; role: string }>();
      for (const g of grants) {
        const nested = g.unit.path.slice(0, -1).some((a) => ids.has(String(a)));
        const id = String(g.unit._id);
        // The board role wins over coordinator at the same unit.
        if (!nested && (!distinct.has(id) || g.role === 'board')) distinct.set(id, g);
      }
      for (const g of distinct.values()) out.push({ user, ...g });
    }
    return out;
  }
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Types } from 'mongoose';
import { ManualClock } from '../../src/clock.ts';
import {
  type CampaignDoc,
  Initiative,
  type InitiativeDoc,
  ProgressReport,
  type Role,
  Unit,
  type UnitDoc,
  type UserDoc,
} from '../../src/db/models/index.ts';
import type { Day } from '../../src/domain/calendar.ts';
import type { InitiativeStatus } from '../../src/domain/lifecycle.ts';
import { shiftTemplate, unitTreeSchema } from '../../src/domain/templates.ts';
import { createCampaign, DEFAULT_UNITS, loadTemplate } from '../../src/services/campaigns.ts';
import { importUnits } from '../../src/services/units.ts';
import { grantRole } from '../../src/services/users.ts';

/** 27/11/2026 09:00 in Hồ Chí Minh City: inside step 1 of the template shifted to start 01/10/2026. */
export const NOW = new Date('2026-11-27T02:00:00Z');
export const clock = () => new ManualClock(NOW);

export interface World {
  campaign: CampaignDoc;
  province: UnitDoc;
  chauThanh: UnitDoc;
  rachGia: UnitDoc;
  communes: UnitDoc[];
  unit(code: string): UnitDoc;
}

/**
 * The province's 2011 tree plus Châu Thành's communes, and the 2011-2015 plan shifted so that
 * it starts on 01/10/2026 (step 1 runs to 18/12/2026).
 */
export async function seedWorld(
  opts: { start?: Day; cadence?: 'monthly' | 'quarterly' } = {},
): Promise<World> {
  const tree = unitTreeSchema.parse(JSON.parse(readFileSync(DEFAULT_UNITS, 'utf8')));
  await importUnits(tree.units);
  const communes = ['binh-an', 'giuc-tuong', 'minh-hoa', 'mong-tho'].map((c, i) => ({
    code: `kg-ct-${c}`,
    name: ['Xã Bình An', 'Xã Giục Tượng', 'Xã Minh Hòa', 'Xã Mong Thọ'][i]!,
    level: 'commune',
    parent: 'kg-chau-thanh',
    pilot: false,
    order: i,
  }));
  await importUnits(communes);
  const t = shiftTemplate(
    loadTemplate(),
    { start: opts.start ?? '2026-10-01' },
    { code: `test-${randomUUID().slice(0, 8)}` },
  );
  if (opts.cadence) t.reportCadence = opts.cadence;
  const campaign = await createCampaign(t, 'kg');
  const units = await Unit.find().lean<UnitDoc[]>();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const unit = (code: string) => {
    const u = byCode.get(code);
    if (!u) throw new Error(`no unit ${code}`);
    return u;
  };
  return {
    campaign,
    province: unit('kg'),
    chauThanh: unit('kg-chau-thanh'),
    rachGia: unit('kg-rach-gia'),
    communes: communes.map((c) => unit(c.code)),
    unit,
  };
}

let nextTelegramId = 100_000;
export async function makeUser(
  role: Role | null,
  unit: UnitDoc | null,
  name = 'Người thử',
): Promise<UserDoc> {
  const telegramId = nextTelegramId++;
  const { User } = await import('../../src/db/models/index.ts');
  await User.create({ telegramId, name, language: 'vi', onboarded: true });
  if (role && unit) await grantRole(telegramId, role, unit._id, { clock: clock() });
  return (await User.findOne({ telegramId }).lean<UserDoc>())!;
}

export async function makeInitiative(
  world: World,
  owner: UserDoc,
  unit: UnitDoc,
  overrides: Partial<{
    status: InitiativeStatus;
    field: string;
    ownerKind: 'collective' | 'individual';
    title: string;
    createdAt: Date;
    lastReportPeriod: string | null;
  }> = {},
): Promise<InitiativeDoc> {
  const n = await Initiative.countDocuments();
  const doc = await Initiative.create({
    code: `DVK-T-${String(n + 1).padStart(4, '0')}-${randomUUID().slice(0, 4)}`,
    sourceKey: randomUUID(),
    campaignId: world.campaign._id,
    unitId: unit._id,
    unitPath: unit.path,
    ownerKind: overrides.ownerKind ?? 'collective',
    ownerName: 'Chi hội Phụ nữ ấp Bình Lợi',
    createdBy: owner._id,
    createdByTelegramId: owner.telegramId,
    field: overrides.field ?? 'economy',
    targetLevel: 'grassroots',
    title: overrides.title ?? 'Mô hình "Tiết kiệm vì người nghèo"',
    situation: 'Nhiều hộ nghèo thiếu vốn sản xuất nhỏ.',
    goals: 'Mỗi năm giúp 10 hộ có vốn làm ăn.',
    content: 'Hội viên góp tiết kiệm hằng tháng, cho hộ nghèo vay không lãi.',
    area: 'Ấp Bình Lợi',
    beneficiaries: 'Hộ nghèo, cận nghèo',
    forces: 'Chi hội Phụ nữ chủ trì, Mặt trận phối hợp',
    resources: 'Tiền góp của hội viên',
    startDate: '2026-11-01',
    evaluationDate: '2027-10-31',
    outputs: 'Sổ theo dõi vốn vay, biên bản họp',
    indicators: [{ name: 'Số hộ được vay', unit: 'hộ', target: 10 }],
    sustainability: 'Vốn quay vòng, nhân rộng sang ấp khác',
    status: overrides.status ?? 'registered',
    lastReportPeriod: overrides.lastReportPeriod ?? null,
    ...(overrides.createdAt ? { createdAt: overrides.createdAt } : {}),
  });
  return doc.toObject() as InitiativeDoc;
}

export async function makeReport(
  initiative: InitiativeDoc,
  by: UserDoc,
  periodKey: string,
  overrides: Partial<{ progress: number; submittedAt: Date }> = {},
) {
  const doc = await ProgressReport.create({
    initiativeId: initiative._id,
    campaignId: initiative.campaignId,
    unitId: initiative.unitId,
    unitPath: initiative.unitPath,
    periodKey,
    activities: 'Họp chi hội, giải ngân cho 2 hộ.',
    indicatorValues: [{ name: 'Số hộ được vay', value: 2 }],
    progress: overrides.progress ?? 20,
    participants: 25,
    beneficiaries: 2,
    funds: 10_000_000,
    evidence: [{ kind: 'photo', fileId: 'AgAC-photo', fileUniqueId: 'u1' }],
    summary: 'Đúng tiến độ.',
    submittedBy: by._id,
    submittedAt: overrides.submittedAt ?? NOW,
  });
  await Initiative.updateOne(
    { _id: initiative._id },
    {
      $set: { lastReportAt: doc.submittedAt, lastReportPeriod: periodKey, progress: doc.progress },
      $inc: { reportCount: 1 },
    },
  );
  return doc.toObject();
}

export type Id = Types.ObjectId;

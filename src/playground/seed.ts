import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  ProgressReport,
  Unit,
  User,
  type UserDoc,
  unlessDuplicate,
} from '../db/models/index.ts';
import { addDays, addYears, type Day, daysBetween, localDay } from '../domain/calendar.ts';
import { INITIATIVE_STATUSES } from '../domain/lifecycle.ts';
import { currentPhase, periodKeyOfDay, periodRange, previousPeriodKey } from '../domain/phases.ts';
import { shiftTemplate, unitTreeSchema } from '../domain/templates.ts';
import type { Logger } from '../logger.ts';
import { createCampaign, loadTemplate, TEMPLATE_2026, UNITS_AN_GIANG_2025 } from '../services/campaigns.ts';
import { registerInitiative } from '../services/initiatives.ts';
import { importUnits } from '../services/units.ts';
import { grantRole } from '../services/users.ts';
import type { FileStore } from './files.ts';
import { DEMO_PEOPLE } from './people.ts';

/**
 * Demo data for the playground, written on first start and left alone afterwards (every step
 * checks first, so a restart changes nothing): An Giang as it is since 1 July 2025 (the province
 * and its 102 communes, generated from the official list), the 2026-2030 plan (as shipped when
 * today lies in its step 2, else moved by whole years so that it does: nurturing, when reports
 * are due), the demo people with their roles, and a few models with reports so that summaries
 * have something to show. Everything that has a `demo` flag has it set.
 */

/** How far into step 2 today falls, at least, when the plan has to be moved. */
const DAYS_INTO_STEP_2 = 45;
export const DEMO_ROOT = 'ag';

export interface DemoWorld {
  campaign: CampaignDoc;
  created: { units: number; people: number; models: number; reports: number };
}

export async function seedDemo(opts: {
  clock: Clock;
  timeZone: string;
  logger: Logger;
  files: FileStore;
}): Promise<DemoWorld> {
  const created = { units: 0, people: 0, models: 0, reports: 0 };
  const today = localDay(opts.clock.now(), opts.timeZone);

  if (!(await Unit.exists({ code: 'ag-vinh-thuan' }))) {
    const tree = unitTreeSchema.parse(JSON.parse(readFileSync(UNITS_AN_GIANG_2025, 'utf8')));
    created.units += (await importUnits(tree.units)).created;
  }

  const campaign = (await demoCampaignCovering(today)) ?? (await createDemoCampaign(today, opts.clock.now()));

  const people = new Map<string, UserDoc>();
  // The newcomer is left for the bot to meet at first contact, in the page's language.
  for (const p of DEMO_PEOPLE.filter((x) => x.role !== null)) {
    if (!(await User.exists({ telegramId: p.telegramId }))) {
      const user = await unlessDuplicate(() =>
        User.create({ telegramId: p.telegramId, name: p.name, language: 'vi', onboarded: true, demo: true }),
      );
      if (user) created.people++;
    }
    people.set(p.key, await grantRole(p.telegramId, p.role!, p.unitCode!, { clock: opts.clock }));
  }

  if (!(await Initiative.exists({ campaignId: campaign._id, demo: true }))) {
    const r = await seedModels(campaign, people, today, opts);
    created.models = r.models;
    created.reports = r.reports;
  }
  if (Object.values(created).some((n) => n > 0)) {
    opts.logger.info({ ...created, campaign: campaign.code }, 'playground demo data written');
  }
  return { campaign, created };
}

async function demoCampaignCovering(today: Day): Promise<CampaignDoc | null> {
  return Campaign.findOne({
    demo: true,
    status: 'active',
    templateCode: loadTemplate(TEMPLATE_2026).code,
    start: { $lte: today },
    end: { $gte: today },
  })
    .sort({ start: -1 })
    .lean<CampaignDoc>();
}

/**
 * The 2026-2030 plan: as shipped when today lies in its step 2, else moved by whole years (so
 * every deadline keeps its day, 15/10 included) to the nearest years where today is at least
 * DAYS_INTO_STEP_2 days into step 2.
 */
export function demoYears(today: Day, template = loadTemplate(TEMPLATE_2026)): number {
  const step2 = template.phases[1] ?? template.phases[0]!;
  const inStep2 = (years: number, margin: number) => {
    const start = addYears(step2.start, years);
    return daysBetween(start, today) >= margin && today <= addYears(step2.end, years);
  };
  if (inStep2(0, 0)) return 0;
  for (const margin of [DAYS_INTO_STEP_2, 0])
    for (let k = 0; k <= 200; k++) for (const y of [k, -k]) if (inStep2(y, margin)) return y;
  throw new Error(`no year puts ${today} in step 2 of ${template.code}`);
}

async function createDemoCampaign(today: Day, now: Date): Promise<CampaignDoc> {
  const template = loadTemplate(TEMPLATE_2026);
  const years = demoYears(today, template);
  const probe = shiftTemplate(template, { years });
  const shifted = shiftTemplate(
    template,
    { years },
    {
      code: `demo-${template.code}-${today}`.slice(0, 60),
      name: `Phong trào thi đua "Dân vận khéo" tỉnh An Giang giai đoạn ${probe.start.slice(0, 4)}-${probe.end.slice(0, 4)} (bản thử)`,
    },
  );
  return createCampaign(shifted, DEMO_ROOT, { now, demo: true, templateCode: template.code });
}

/**
 * The demo models, as data in demo-models.json (checked here when read): who owns each and where,
 * its registration's main answers, the status it is shown in, its indicator, and the reports to
 * seed for it, by how many periods back from the current one (`ago`: 0 = current, 1 = previous …).
 */
const modelSeedSchema = z.object({
  owner: z.string(),
  unit: z.string(),
  title: z.string(),
  ownerKind: z.enum(['collective', 'individual']),
  ownerName: z.string(),
  field: z.string(),
  targetLevel: z.string(),
  status: z.enum(INITIATIVE_STATUSES),
  area: z.string(),
  beneficiaries: z.string(),
  indicator: z.object({ name: z.string(), unit: z.string(), target: z.number() }),
  reports: z.array(z.object({ ago: z.number().int().min(0), value: z.number(), progress: z.number() })),
});
const MODELS = z
  .array(modelSeedSchema)
  .parse(JSON.parse(readFileSync(new URL('./demo-models.json', import.meta.url), 'utf8')));

async function seedModels(
  campaign: CampaignDoc,
  people: Map<string, UserDoc>,
  today: Day,
  opts: { clock: Clock; timeZone: string; logger: Logger; files: FileStore },
): Promise<{ models: number; reports: number }> {
  const board = people.get('board')!;
  const units = new Map(
    (await Unit.find({ code: { $in: MODELS.map((m) => m.unit) } }, { code: 1, path: 1 }).lean()).map((u) => [
      u.code,
      u,
    ]),
  );
  const phase = currentPhase(campaign, today);
  const registeredOn = addDays(phase?.start ?? campaign.start, 3);
  const current = periodKeyOfDay(today, campaign.reportCadence);
  let models = 0;
  let reports = 0;
  for (const [i, m] of MODELS.entries()) {
    const owner = people.get(m.owner)!;
    const unit = units.get(m.unit);
    if (!unit) throw new Error(`demo unit ${m.unit} missing`);
    const r = await registerInitiative(
      {
        title: m.title,
        ownerKind: m.ownerKind,
        ownerName: m.ownerName,
        unitId: String(unit._id),
        field: m.field,
        targetLevel: m.targetLevel,
        situation: `Trước đây ở ${m.area} việc này còn nhiều khó khăn, người dân chưa được vận động tham gia.`,
        goals: `Đạt chỉ tiêu "${m.indicator.name}" đến cuối năm, có minh chứng cụ thể.`,
        content: 'Họp dân từng xóm, phân công đảng viên và hội viên phụ trách từng nhóm hộ, sơ kết hằng quý.',
        area: m.area,
        beneficiaries: m.beneficiaries,
        forces: `${m.ownerName} chủ trì; Mặt trận và các đoàn thể phối hợp.`,
        resources: 'Ngày công của hội viên, vận động xã hội hóa, hỗ trợ một phần của địa phương.',
        startDate: registeredOn,
        evaluationDate: addDays(registeredOn, 330),
        outputs: 'Sổ theo dõi, biên bản họp, hình ảnh trước và sau.',
        indicators: [m.indicator],
        sustainability: 'Duy trì qua tổ tự quản và chi hội; nhân rộng sang các ấp lân cận.',
      },
      {
        user: owner,
        campaign,
        sourceKey: `playground-demo:${campaign.code}:${i}`,
        clock: opts.clock,
        timeZone: opts.timeZone,
      },
    );
    if (!r.ok) throw new Error(`demo model "${m.title}" refused: ${r.reason} ${r.detail ?? ''}`);
    const ini = r.initiative;
    models++;
    const at = new Date(`${registeredOn}T02:00:00Z`);
    const appraisal = ['appraised', 'selected', 'honoured'].includes(m.status)
      ? [
          {
            by: board._id,
            byName: board.name,
            scores: campaign.criteria.map((c) => ({
              criterion: c.code,
              score: Math.round(c.maxScore * 0.85),
            })),
            total: campaign.criteria.reduce((s, c) => s + Math.round(c.maxScore * 0.85), 0),
            max: campaign.criteria.reduce((s, c) => s + c.maxScore, 0),
            comment: 'Mô hình thiết thực, có minh chứng rõ ràng (dữ liệu thử).',
            at: opts.clock.now(),
          },
        ]
      : [];
    await Initiative.collection.updateOne(
      { _id: ini._id },
      {
        $set: {
          demo: true,
          status: m.status,
          statusChangedAt: opts.clock.now(),
          createdAt: at,
          appraisals: appraisal,
          selectedLevel: ['selected', 'honoured'].includes(m.status) ? m.targetLevel : null,
          honours:
            m.status === 'honoured'
              ? [
                  {
                    level: m.targetLevel,
                    year: Number(today.slice(0, 4)),
                    decisionNo: '15/QĐ-BCĐ (thử)',
                    by: board._id,
                    at: opts.clock.now(),
                  },
                ]
              : [],
        },
      },
    );
    let period = current;
    const keys: string[] = [];
    for (let k = 0; k <= Math.max(0, ...m.reports.map((x) => x.ago)); k++) {
      keys.push(period);
      period = previousPeriodKey(period, campaign.reportCadence);
    }
    const sorted = [...m.reports].sort((a, b) => b.ago - a.ago);
    for (const rep of sorted) {
      const key = keys[rep.ago]!;
      const photo = await evidencePhoto(opts.files, `demo-${i}-${key}`, m.title, key);
      const day = reportDay(keys, rep.ago, today);
      const report = await unlessDuplicate(() =>
        ProgressReport.create({
          initiativeId: ini._id,
          campaignId: campaign._id,
          unitId: unit._id,
          unitPath: unit.path,
          periodKey: key,
          activities: `Họp ${rep.ago === 0 ? 'tháng này' : 'kỳ trước'}: rà soát danh sách, phân công phụ trách, kiểm tra thực tế.`,
          indicatorValues: [{ name: m.indicator.name, value: rep.value }],
          progress: rep.progress,
          participants: 20 + i * 3,
          beneficiaries: 5 + i,
          funds: 5_000_000 * (i + 1),
          evidence: [{ kind: 'photo', fileId: photo.fileId, fileUniqueId: photo.fileUniqueId, caption: '' }],
          summary: 'Đúng tiến độ đề ra (dữ liệu thử).',
          submittedBy: owner._id,
          submittedAt: new Date(`${day}T03:00:00Z`),
          verification: rep.ago === 0 ? 'pending' : 'verified',
          demo: true,
        }),
      );
      if (report) reports++;
    }
    const last = sorted.at(-1);
    if (last) {
      await Initiative.updateOne(
        { _id: ini._id },
        {
          $set: {
            lastReportAt: new Date(`${reportDay(keys, last.ago, today)}T03:00:00Z`),
            lastReportPeriod: keys[last.ago],
            progress: last.progress,
            reportCount: sorted.length,
            indicators: [{ ...m.indicator, current: last.value }],
          },
        },
      );
    }
  }
  return { models, reports };
}

/** When a seeded report was filed: today for the current period, else its period's last day. */
function reportDay(keys: string[], ago: number, today: Day): Day {
  return ago === 0 ? today : periodRange(keys[ago]!).last;
}

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf');

/**
 * A stand-in for the photo a cadre would attach as evidence: a drawn scene with a caption, stored
 * like any playground file so the bot can show it again by its file id.
 */
async function evidencePhoto(files: FileStore, key: string, title: string, period: string) {
  const fileId = `pgP_${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const known = await files.get(fileId);
  if (known) return known;
  const hue = [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420" viewBox="0 0 640 420">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="hsl(${hue},60%,82%)"/><stop offset="1" stop-color="hsl(${hue},50%,94%)"/>
  </linearGradient></defs>
  <rect width="640" height="420" fill="url(#sky)"/>
  <circle cx="540" cy="80" r="38" fill="#f6c453"/>
  <path d="M0 270 Q160 220 320 262 T640 250 V420 H0Z" fill="#6aa84f"/>
  <path d="M0 300 Q200 270 360 305 T640 296 V420 H0Z" fill="#4e8a3a"/>
  <g fill="#fff7e6" stroke="#8a5a2b" stroke-width="3">
    <rect x="90" y="215" width="90" height="60"/><rect x="230" y="225" width="70" height="50"/>
  </g>
  <g fill="#b5472f"><path d="M80 218 L135 180 L190 218Z"/><path d="M222 228 L265 196 L308 228Z"/></g>
  <g fill="#2f3e46">${[0, 1, 2, 3, 4]
    .map(
      (n) =>
        `<circle cx="${380 + n * 36}" cy="300" r="11"/><rect x="${371 + n * 36}" y="313" width="18" height="34" rx="6"/>`,
    )
    .join('')}</g>
  <rect y="350" width="640" height="70" fill="rgba(0,0,0,0.55)"/>
  <text x="20" y="380" font-family="Be Vietnam Pro" font-size="20" fill="#fff">${esc(title.slice(0, 52))}</text>
  <text x="20" y="406" font-family="Be Vietnam Pro" font-size="15" fill="#e2e8f0">Ảnh minh chứng (dữ liệu thử) · kỳ ${esc(period)}</text>
</svg>`;
  const png = new Resvg(svg, {
    font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'Be Vietnam Pro' },
  })
    .render()
    .asPng();
  return files.save(png, { kind: 'photo', name: `${key}.png`, mime: 'image/png' }, fileId);
}

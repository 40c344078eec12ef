import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { Clock } from '../clock.ts';
import {
  Campaign,
  type CampaignDoc,
  Initiative,
  isDuplicateKey,
  ProgressReport,
  Unit,
  User,
  type UserDoc,
} from '../db/models/index.ts';
import { addDays, addYears, type Day, daysBetween, localDay } from '../domain/calendar.ts';
import type { InitiativeStatus } from '../domain/lifecycle.ts';
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

  const campaign = (await demoCampaignCovering(today)) ?? (await createDemoCampaign(today));

  const people = new Map<string, UserDoc>();
  // The newcomer is left for the bot to meet at first contact, in the page's language.
  for (const p of DEMO_PEOPLE.filter((x) => x.role !== null)) {
    if (!(await User.exists({ telegramId: p.telegramId }))) {
      try {
        await User.create({
          telegramId: p.telegramId,
          name: p.name,
          language: 'vi',
          onboarded: true,
          demo: true,
        });
        created.people++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
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

async function createDemoCampaign(today: Day): Promise<CampaignDoc> {
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
  return createCampaign(shifted, DEMO_ROOT, { demo: true, templateCode: template.code });
}

interface ModelSeed {
  owner: string;
  unit: string;
  title: string;
  ownerKind: 'collective' | 'individual';
  ownerName: string;
  field: string;
  targetLevel: string;
  status: InitiativeStatus;
  area: string;
  beneficiaries: string;
  indicator: { name: string; unit: string; target: number };
  /** Reports for these periods back from the current one (0 = current, 1 = previous ...). */
  reports: { ago: number; value: number; progress: number }[];
}

const MODELS: ModelSeed[] = [
  {
    owner: 'cadre',
    unit: 'ag-binh-an',
    title: 'Tiết kiệm vì người nghèo ấp Bình Lợi',
    ownerKind: 'collective',
    ownerName: 'Chi hội Phụ nữ ấp Bình Lợi',
    field: 'economy',
    targetLevel: 'grassroots',
    status: 'nurturing',
    area: 'Ấp Bình Lợi, xã Bình An',
    beneficiaries: 'Hộ nghèo, cận nghèo của ấp',
    indicator: { name: 'Số hộ được vay vốn', unit: 'hộ', target: 12 },
    reports: [
      { ago: 1, value: 4, progress: 30 },
      { ago: 0, value: 6, progress: 45 },
    ],
  },
  {
    owner: 'cadre',
    unit: 'ag-binh-an',
    title: 'Thắp sáng đường quê',
    ownerKind: 'collective',
    ownerName: 'Chi đoàn ấp Phước Lợi',
    field: 'culture-society',
    targetLevel: 'grassroots',
    status: 'registered',
    area: 'Ấp Phước Lợi, xã Bình An',
    beneficiaries: '230 hộ dân hai bên tuyến đường',
    indicator: { name: 'Số km đường có đèn', unit: 'km', target: 4 },
    reports: [],
  },
  {
    owner: 'cadre-chau-thanh',
    unit: 'ag-chau-thanh',
    title: 'Tổ nhân dân tự quản "Xóm bình yên"',
    ownerKind: 'collective',
    ownerName: 'Tổ nhân dân tự quản số 5, ấp Phước Hòa',
    field: 'defence-security',
    targetLevel: 'grassroots',
    status: 'nurturing',
    area: 'Ấp Phước Hòa, xã Châu Thành',
    beneficiaries: '86 hộ trong tổ',
    indicator: { name: 'Số vụ mất trộm trong năm', unit: 'vụ', target: 0 },
    reports: [{ ago: 1, value: 0, progress: 50 }],
  },
  {
    owner: 'cadre-chau-thanh',
    unit: 'ag-chau-thanh',
    title: 'Nông dân giúp nhau chuyển đổi cây trồng',
    ownerKind: 'individual',
    ownerName: 'Võ Thị Hoa',
    field: 'economy',
    targetLevel: 'province',
    status: 'appraised',
    area: 'Xã Châu Thành',
    beneficiaries: 'Nông dân trồng lúa kém hiệu quả',
    indicator: { name: 'Số hộ chuyển đổi', unit: 'hộ', target: 40 },
    reports: [{ ago: 1, value: 38, progress: 90 }],
  },
  {
    owner: 'cadre-vinh-thuan',
    unit: 'ag-vinh-thuan',
    title: 'Một cửa thân thiện, dân vận khéo trong cải cách hành chính',
    ownerKind: 'collective',
    ownerName: 'Trung tâm Phục vụ hành chính công xã Vĩnh Thuận',
    field: 'political-system',
    targetLevel: 'grassroots',
    status: 'submitted',
    area: 'Xã Vĩnh Thuận',
    beneficiaries: 'Người dân đến làm thủ tục',
    indicator: { name: 'Tỉ lệ hồ sơ đúng hẹn', unit: '%', target: 98 },
    reports: [{ ago: 0, value: 97, progress: 85 }],
  },
  {
    owner: 'cadre-vinh-thuan',
    unit: 'ag-vinh-thuan',
    title: 'Xóm không rác thải nhựa',
    ownerKind: 'collective',
    ownerName: 'Chi hội Cựu chiến binh ấp Vĩnh Đông',
    field: 'culture-society',
    targetLevel: 'grassroots',
    status: 'nurturing',
    area: 'Ấp Vĩnh Đông, xã Vĩnh Thuận',
    beneficiaries: '150 hộ dân trong ấp',
    indicator: { name: 'Số hộ phân loại rác', unit: 'hộ', target: 150 },
    reports: [],
  },
  {
    owner: 'cadre-rach-gia',
    unit: 'ag-rach-gia',
    title: 'Kênh xanh - sạch - đẹp',
    ownerKind: 'collective',
    ownerName: 'Hội Liên hiệp Phụ nữ phường Rạch Giá',
    field: 'culture-society',
    targetLevel: 'grassroots',
    status: 'honoured',
    area: 'Khu phố Vĩnh Thanh Vân, phường Rạch Giá',
    beneficiaries: 'Người dân sống ven kênh',
    indicator: { name: 'Số mét kênh được vớt rác định kỳ', unit: 'm', target: 2000 },
    reports: [
      { ago: 2, value: 1500, progress: 80 },
      { ago: 1, value: 2100, progress: 100 },
    ],
  },
  {
    owner: 'cadre-rach-gia',
    unit: 'ag-rach-gia',
    title: 'Vận động hiến đất mở hẻm',
    ownerKind: 'individual',
    ownerName: 'Huỳnh Thị Mai',
    field: 'economy',
    targetLevel: 'province',
    status: 'selected',
    area: 'Khu phố An Hòa, phường Rạch Giá',
    beneficiaries: 'Các hộ trong hẻm 12',
    indicator: { name: 'Số m² đất được hiến', unit: 'm²', target: 300 },
    reports: [{ ago: 1, value: 320, progress: 100 }],
  },
  {
    owner: 'cadre-hon-dat',
    unit: 'ag-hon-dat',
    title: 'Ngư dân bám biển, giữ bình yên vùng biển',
    ownerKind: 'collective',
    ownerName: 'Tổ đoàn kết ngư dân xã Hòn Đất',
    field: 'defence-security',
    targetLevel: 'grassroots',
    status: 'nurturing',
    area: 'Xã Hòn Đất',
    beneficiaries: 'Ngư dân đánh bắt gần bờ',
    indicator: { name: 'Số tàu tham gia tổ', unit: 'tàu', target: 25 },
    reports: [{ ago: 0, value: 18, progress: 60 }],
  },
];

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
      try {
        await ProgressReport.create({
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
        });
        reports++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
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

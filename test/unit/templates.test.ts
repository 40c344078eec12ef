import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/calendar.ts';
import {
  type CampaignTemplate,
  campaignTemplateSchema,
  missingTaskLevels,
  parseUnitCsv,
  shiftTemplate,
  TemplateShiftError,
  unitTreeSchema,
} from '../../src/domain/templates.ts';
import {
  DEFAULT_UNITS,
  loadTemplate,
  MAPPING_AN_GIANG_2025,
  TEMPLATE_2026,
  TEMPLATES_DIR,
  TemplateError,
  UNITS_AN_GIANG_2025,
} from '../../src/services/campaigns.ts';
import { FIELD_CODES } from '../support/samples.ts';

const shipped = loadTemplate();
const raw = () => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'campaign-dvk-2011-2015.json'), 'utf8'));

/** The first problem zod finds, as `path: message`. */
function problem(t: unknown): string {
  const r = campaignTemplateSchema.safeParse(t);
  if (r.success) return 'valid';
  const issue = r.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('the shipped 2011-2015 campaign template', () => {
  it('validates and follows the plan', () => {
    expect(problem(raw())).toBe('valid');
    expect(shipped.start).toBe('2011-10-14');
    expect(shipped.end).toBe('2015-12-31');
    expect(shipped.phases.map((p) => [p.code, p.start, p.end])).toEqual([
      ['step-1', '2011-10-14', '2011-12-31'],
      ['step-2', '2012-01-01', '2013-12-31'],
      ['step-3', '2014-01-01', '2015-12-31'],
    ]);
    expect(shipped.fields.map((f) => f.code)).toEqual(FIELD_CODES);
    expect(shipped.fields.map((f) => f.name)).toEqual([
      'Kinh tế',
      'Văn hóa - xã hội',
      'Quốc phòng - an ninh',
      'Xây dựng hệ thống chính trị',
    ]);
    expect(shipped.honouringDate).toBe('2015-10-15');
    expect(shipped.pilotUnitCode).toBe('kg-chau-thanh');
    expect(shipped.targetLevels).toEqual(['grassroots', 'district', 'province']);
    expect(shipped.levels).toEqual(['province', 'district', 'commune']);
  });

  it('has a task on the honouring day in step 3, and every task inside its phase', () => {
    const step3 = shipped.phases[2]!;
    expect(step3.tasks.some((t) => t.due === '2015-10-15')).toBe(true);
    for (const p of shipped.phases) {
      expect(p.tasks.length).toBeGreaterThan(0);
      for (const t of p.tasks) {
        expect(t.due >= p.start && t.due <= p.end, t.code).toBe(true);
        expect(t.titleEn, t.code).not.toBe('');
      }
    }
  });

  it('has unique task codes and scoring criteria', () => {
    const codes = shipped.phases.flatMap((p) => p.tasks.map((t) => t.code));
    expect(new Set(codes).size).toBe(codes.length);
    expect(shipped.criteria.reduce((s, c) => s + c.maxScore, 0)).toBe(100);
  });
});

describe('a template that contradicts itself is refused', () => {
  it('a task due outside its phase', () => {
    const t = raw();
    t.phases[0].tasks[0].due = '2012-01-01';
    expect(problem(t)).toBe('phases.0: a task is due outside its phase');
  });

  it('a phase outside the campaign', () => {
    const t = raw();
    t.phases[2].end = '2016-01-31';
    t.phases[2].tasks.at(-1).due = '2016-01-15';
    expect(problem(t)).toBe(': a phase lies outside the campaign');
    const early = raw();
    early.phases[0].start = '2011-10-13';
    expect(problem(early)).toBe(': a phase lies outside the campaign');
  });

  it('a phase that ends before it starts, or a campaign that does', () => {
    const t = raw();
    t.phases[0].end = '2011-10-01';
    t.phases[0].tasks = [];
    expect(problem(t)).toBe('phases.0: a phase ends before it starts');
    const c = raw();
    c.end = '2011-01-01';
    expect(problem(c)).toMatch(/the campaign ends before it starts/);
  });

  it('two fields with the same code', () => {
    const t = raw();
    t.fields.push({ code: 'economy', name: 'Kinh tế 2' });
    expect(problem(t)).toBe(': two fields share a code');
  });

  it('a date that does not exist, or a wrong cadence', () => {
    const t = raw();
    t.honouringDate = '2015-02-29';
    expect(problem(t)).toBe('honouringDate: expected a real date as YYYY-MM-DD');
    const c = raw();
    c.reportCadence = 'weekly';
    expect(problem(c)).toMatch(/^reportCadence: /);
  });

  it('loadTemplate names the file and the problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dvk-template-'));
    try {
      const t = raw();
      t.fields.push({ code: 'economy', name: 'Kinh tế 2' });
      const file = path.join(dir, 'broken.json');
      writeFileSync(file, JSON.stringify(t));
      expect(() => loadTemplate(file)).toThrow(TemplateError);
      expect(() => loadTemplate(file)).toThrow('broken.json: template: two fields share a code');
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, '{ not json');
      expect(() => loadTemplate(bad)).toThrow(/cannot read .*bad\.json/);
      expect(() => loadTemplate(path.join(dir, 'missing.json'))).toThrow(TemplateError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shiftTemplate', () => {
  it('by years keeps calendar days: 31/12 stays 31/12, 15/10 stays 15/10', () => {
    const t = shiftTemplate(shipped, { years: 15 }, { code: 'dvk-2026-2030', name: 'DVK 2026-2030' });
    expect(t.code).toBe('dvk-2026-2030');
    expect(t.name).toBe('DVK 2026-2030');
    expect(t.start).toBe('2026-10-14');
    expect(t.end).toBe('2030-12-31');
    expect(t.honouringDate).toBe('2030-10-15');
    expect(t.phases.map((p) => [p.start, p.end])).toEqual([
      ['2026-10-14', '2026-12-31'],
      ['2027-01-01', '2028-12-31'],
      ['2029-01-01', '2030-12-31'],
    ]);
    expect(t.phases[0]!.tasks.map((x) => x.due)).toEqual(['2026-12-31', '2026-12-31', '2026-12-31']);
    expect(t.phases[1]!.tasks.map((x) => x.due)).toEqual([
      '2028-06-30',
      '2028-09-30',
      '2028-12-31',
      '2028-12-31',
    ]);
    // Everything else is carried over; the original is not touched.
    expect(t.fields).toEqual(shipped.fields);
    expect(t.pilotUnitCode).toBe('kg-chau-thanh');
    expect(shipped.start).toBe('2011-10-14');
  });

  it('keeps code and name unless told otherwise', () => {
    const t = shiftTemplate(shipped, { years: 1 });
    expect(t.code).toBe(shipped.code);
    expect(t.name).toBe(shipped.name);
  });

  it('clamps 29/02 to 28/02 in a year without it', () => {
    const leap: CampaignTemplate = {
      ...shipped,
      start: '2012-01-01',
      end: '2012-12-31',
      honouringDate: '2012-02-29',
      rounds: [],
      phases: [
        {
          code: 'p',
          name: 'P',
          nameEn: '',
          start: '2012-01-01',
          end: '2012-02-29',
          tasks: [{ code: 't', title: 'T', titleEn: '', due: '2012-02-29', level: null, check: 'none' }],
        },
      ],
    };
    const t = shiftTemplate(leap, { years: 1 });
    expect(t.phases[0]!.end).toBe('2013-02-28');
    expect(t.phases[0]!.tasks[0]!.due).toBe('2013-02-28');
    expect(t.honouringDate).toBe('2013-02-28');
    expect(shiftTemplate(leap, { years: 4 }).honouringDate).toBe('2016-02-29');
  });

  it('to a start day moves everything by the same number of days', () => {
    const t = shiftTemplate(shipped, { start: '2026-03-01' });
    expect(t.start).toBe('2026-03-01');
    expect(daysBetween(t.start, t.end)).toBe(daysBetween(shipped.start, shipped.end));
    expect(daysBetween(t.start, t.honouringDate!)).toBe(daysBetween(shipped.start, shipped.honouringDate!));
    for (let i = 0; i < shipped.phases.length; i++) {
      const a = shipped.phases[i]!;
      const b = t.phases[i]!;
      expect(daysBetween(t.start, b.start)).toBe(daysBetween(shipped.start, a.start));
      expect(daysBetween(b.start, b.end)).toBe(daysBetween(a.start, a.end));
      for (let j = 0; j < a.tasks.length; j++)
        expect(daysBetween(b.start, b.tasks[j]!.due)).toBe(daysBetween(a.start, a.tasks[j]!.due));
    }
    // Phases stay back to back.
    expect(daysBetween(t.phases[0]!.end, t.phases[1]!.start)).toBe(1);
    expect(problem(t)).toBe('valid');
  });

  it('to a start day in the past works too', () => {
    const t = shiftTemplate(shipped, { start: '2001-10-14' });
    expect(t.start).toBe('2001-10-14');
    expect(daysBetween(t.start, t.end)).toBe(daysBetween(shipped.start, shipped.end));
  });

  it('refuses a code that is not lower-case letters, digits and dashes', () => {
    expect(() => shiftTemplate(shipped, { years: 1 }, { code: 'DVK 2027' })).toThrow();
  });
});

describe('parseUnitCsv', () => {
  it('reads rows with quoted commas, escaped quotes, CRLF and a BOM', () => {
    const csv =
      '\uFEFFcode,name,level,parent_code,pilot\r\n' +
      'ag-binh-an,"Xã Bình An, huyện Châu Thành",commune,ag,x\r\n' +
      'ag-my-tho,"Phường ""Mỹ Thới""",commune,ag,\r\n' +
      '\r\n' +
      'ag,Tỉnh An Giang,province,,no\r\n';
    const r = parseUnitCsv(csv);
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          code: 'ag-binh-an',
          name: 'Xã Bình An, huyện Châu Thành',
          level: 'commune',
          parent: 'ag',
          pilot: true,
          order: 1,
        },
        {
          code: 'ag-my-tho',
          name: 'Phường "Mỹ Thới"',
          level: 'commune',
          parent: 'ag',
          pilot: false,
          order: 2,
        },
        { code: 'ag', name: 'Tỉnh An Giang', level: 'province', parent: null, pilot: false, order: 3 },
      ],
    });
  });

  it('takes the columns by header name, in any order and case, pilot optional', () => {
    const r = parseUnitCsv('Parent_Code,LEVEL,Name,Code\nag,commune,Xã Mỹ Hòa Hưng,ag-my-hoa-hung\n');
    expect(r.ok && r.rows[0]).toEqual({
      code: 'ag-my-hoa-hung',
      name: 'Xã Mỹ Hòa Hưng',
      level: 'commune',
      parent: 'ag',
      pilot: false,
      order: 1,
    });
  });

  it('reads the Vietnamese yes for pilot', () => {
    const r = parseUnitCsv('code,name,level,parent_code,pilot\na,A,commune,,có\nb,B,commune,,không\n');
    expect(r.ok && r.rows.map((x) => x.pilot)).toEqual([true, false]);
  });

  it('names a missing column', () => {
    expect(parseUnitCsv('code,name,level\na,A,commune\n')).toEqual({
      ok: false,
      error: 'the header lacks the column "parent_code"',
    });
    const r = parseUnitCsv('code,level,parent_code\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('"name"');
  });

  it('names the line of a bad code, counting the header as line 1', () => {
    const r = parseUnitCsv(
      'code,name,level,parent_code\nag-ok,Xã Tốt,commune,ag\nXã Sai,Xã Sai,commune,ag\n',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^line 3: code: /);
    expect(!r.ok && r.error).toContain('lower-case letters, digits and dashes');
  });

  it('names the line of a missing name', () => {
    const r = parseUnitCsv('code,name,level,parent_code\nag-x,,commune,ag\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^line 2: name: /);
  });

  it('refuses an empty file', () => {
    expect(parseUnitCsv('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(parseUnitCsv('\uFEFF\n\n')).toEqual({ ok: false, error: 'the file is empty' });
  });

  it('parses the shipped Châu Thành communes', () => {
    const r = parseUnitCsv(
      readFileSync(path.join(TEMPLATES_DIR, 'units-chau-thanh-communes-2011.csv'), 'utf8'),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows).toHaveLength(10);
    expect(r.rows.every((u) => u.parent === 'kg-chau-thanh' && u.level === 'commune')).toBe(true);
    expect(r.rows.map((u) => u.name)).toContain('Thị trấn Minh Lương');
    expect(new Set(r.rows.map((u) => u.code)).size).toBe(10);
  });
});

describe('the shipped Kiên Giang 2011 unit tree', () => {
  const tree = unitTreeSchema.parse(JSON.parse(readFileSync(DEFAULT_UNITS, 'utf8')));
  const byCode = new Map(tree.units.map((u) => [u.code, u]));

  it('has the province as its only root', () => {
    const roots = tree.units.filter((u) => u.parent === null);
    expect(roots.map((u) => [u.code, u.level, u.name])).toEqual([['kg', 'province', 'Tỉnh Kiên Giang']]);
  });

  it('has the 15 district-level localities of 2011', () => {
    const localities = tree.units.filter((u) => /^(Thành phố|Thị xã|Huyện) /.test(u.name));
    expect(localities.map((u) => u.name).sort()).toEqual(
      [
        'Thành phố Rạch Giá',
        'Thị xã Hà Tiên',
        'Huyện Kiên Lương',
        'Huyện Hòn Đất',
        'Huyện Tân Hiệp',
        'Huyện Châu Thành',
        'Huyện Giồng Riềng',
        'Huyện Gò Quao',
        'Huyện An Biên',
        'Huyện An Minh',
        'Huyện Vĩnh Thuận',
        'Huyện Phú Quốc',
        'Huyện Kiên Hải',
        'Huyện U Minh Thượng',
        'Huyện Giang Thành',
      ].sort(),
    );
    expect(localities.every((u) => u.level === 'district' && u.parent === 'kg')).toBe(true);
  });

  it('has the equivalent blocs (agencies, enterprises, armed forces) at district level', () => {
    const blocs = tree.units.filter((u) => u.name.startsWith('Đảng bộ'));
    expect(blocs.length).toBeGreaterThanOrEqual(3);
    expect(blocs.every((u) => u.level === 'district' && u.parent === 'kg')).toBe(true);
    const names = blocs.map((u) => u.name).join(' | ');
    expect(names).toMatch(/Khối Các cơ quan/);
    expect(names).toMatch(/Khối Doanh nghiệp/);
    expect(names).toMatch(/Quân sự/);
    expect(tree.units).toHaveLength(1 + 15 + blocs.length);
  });

  it('has Châu Thành as the only pilot, matching the campaign template', () => {
    expect(tree.units.filter((u) => u.pilot).map((u) => u.code)).toEqual(['kg-chau-thanh']);
    expect(byCode.get(shipped.pilotUnitCode!)?.name).toBe('Huyện Châu Thành');
  });

  it('has unique codes and every parent present', () => {
    expect(byCode.size).toBe(tree.units.length);
    for (const u of tree.units) if (u.parent) expect(byCode.has(u.parent), u.code).toBe(true);
  });
});

describe('moving a campaign with --start (shiftTemplate startOn)', () => {
  it('a 2011-2015 plan started on 01/12/2026 runs to 31/12/2030, not 17/02/2031', () => {
    const t = shiftTemplate(shipped, { startOn: '2026-12-01' }, { code: 'dvk-2026-2030' });
    expect(t.start).toBe('2026-12-01');
    expect(t.end).toBe('2030-12-31');
    expect(t.phases.map((p) => [p.start, p.end])).toEqual([
      ['2026-12-01', '2026-12-31'],
      ['2027-01-01', '2028-12-31'],
      ['2029-01-01', '2030-12-31'],
    ]);
  });

  it('keeps the tradition day 15/10 and every fixed-date deadline on its day', () => {
    for (const startOn of ['2026-03-01', '2026-12-01', '2026-10-14']) {
      const t = shiftTemplate(shipped, { startOn });
      expect(t.honouringDate, startOn).toBe('2030-10-15');
      const honour = t.phases[2]!.tasks.find((x) => x.code === 's3-honour')!;
      expect(honour.due, startOn).toBe('2030-10-15');
      const dues = t.phases.flatMap((p) => p.tasks.map((x) => x.due.slice(5)));
      expect(dues, startOn).toEqual(shipped.phases.flatMap((p) => p.tasks.map((x) => x.due.slice(5))));
    }
    const t2026 = loadTemplate(TEMPLATE_2026);
    const later = shiftTemplate(t2026, { startOn: '2026-03-15' });
    expect(later.phases[1]!.tasks.find((x) => x.code === 's2-conference')!.due).toBe('2028-10-15');
    expect(later.honouringDate).toBe('2030-10-15');
    expect(shiftTemplate(t2026, { years: 5 }).honouringDate).toBe('2035-10-15');
  });

  it('a 2026-2030 plan started on 01/12/2026: step 1 moves to begin then, the rest keeps its days', () => {
    const t2026 = loadTemplate(TEMPLATE_2026);
    const t = shiftTemplate(t2026, { startOn: '2026-12-01' });
    expect([t.start, t.end, t.honouringDate]).toEqual(['2026-12-01', '2030-12-31', '2030-10-15']);
    const len = (p: { start: string; end: string }) => daysBetween(p.start, p.end);
    expect(t.phases[0]!.start).toBe('2026-12-01');
    expect(len(t.phases[0]!)).toBe(len(t2026.phases[0]!));
    expect(t.phases[0]!.tasks.map((x) => daysBetween(t.phases[0]!.start, x.due))).toEqual(
      t2026.phases[0]!.tasks.map((x) => daysBetween(t2026.phases[0]!.start, x.due)),
    );
    expect(t.phases[1]!.start).toBe(addDays(t.phases[0]!.end, 1));
    expect(t.phases[1]!.end).toBe('2028-12-31');
    expect(t.phases[1]!.tasks.map((x) => x.due)).toEqual(t2026.phases[1]!.tasks.map((x) => x.due));
    expect(t.phases[2]).toEqual(t2026.phases[2]);
  });

  it('refuses a start that leaves too little of the period, with one clear line', () => {
    const oneYear: CampaignTemplate = {
      ...shipped,
      start: '2012-01-01',
      end: '2012-12-31',
      honouringDate: '2012-10-15',
      // Its own phases only: the shipped plan's rounds name phases this one does not have.
      rounds: [],
      phases: [
        { code: 'a', name: 'A', nameEn: '', start: '2012-01-01', end: '2012-06-30', tasks: [] },
        { code: 'b', name: 'B', nameEn: '', start: '2012-07-01', end: '2012-12-31', tasks: [] },
      ],
    };
    expect(() => shiftTemplate(oneYear, { startOn: '2026-12-01' })).toThrow(TemplateShiftError);
    expect(() => shiftTemplate(oneYear, { startOn: '2026-12-01' })).toThrow(
      '--start 2026-12-01 leaves too little of the plan before its end 2026-12-31 (step b would end 2027-11-30); use --years',
    );
    expect(shiftTemplate(oneYear, { startOn: '2026-03-01' }).phases.map((p) => [p.start, p.end])).toEqual([
      ['2026-03-01', '2026-06-30'],
      ['2026-07-01', '2026-12-31'],
    ]);
  });
});

describe('the shipped 2026-2030 template (two tiers: province and commune)', () => {
  const t = loadTemplate(TEMPLATE_2026);

  it('has two levels, tasks only for them, and the mass-mobilisation bodies of both', () => {
    expect(t.levels).toEqual(['province', 'commune']);
    const taskLevels = new Set(t.phases.flatMap((p) => p.tasks.map((x) => x.level)));
    expect([...taskLevels].sort()).toEqual(['commune', 'province', null].sort());
    expect(t.targetLevels).toEqual(['grassroots', 'province']);
    expect(t.bodies.filter((b) => b.level === 'province').map((b) => b.name)).toContain(
      'Ban Tuyên giáo và Dân vận Tỉnh ủy',
    );
    expect(t.bodies.filter((b) => b.level === 'commune').length).toBeGreaterThan(0);
  });

  it('is shaped like the 2011-2015 plan: the same steps, fields and criteria, honouring on 15/10/2030', () => {
    expect(t.phases.map((p) => p.code)).toEqual(shipped.phases.map((p) => p.code));
    expect(t.phases.map((p) => p.tasks.map((x) => x.code))).toEqual(
      shipped.phases.map((p) => p.tasks.map((x) => x.code)),
    );
    expect(t.fields).toEqual(shipped.fields);
    expect(t.criteria).toEqual(shipped.criteria);
    expect([t.start, t.end, t.honouringDate]).toEqual(['2026-01-01', '2030-12-31', '2030-10-15']);
    expect(t.phases[2]!.tasks.at(-1)).toMatchObject({ due: '2030-10-15', level: 'province' });
  });

  it('names the level a task lacks on a tree: the 2011 plan on a province-and-communes tree', () => {
    expect([...missingTaskLevels(shipped, ['province', 'commune'])]).toEqual([
      [
        'district',
        [
          's1-survey',
          's1-register',
          's2-nurture',
          's2-appraise',
          's2-conference',
          's3-register-province',
          's3-conference',
        ],
      ],
    ]);
    expect(missingTaskLevels(t, ['province', 'commune']).size).toBe(0);
    expect([...missingTaskLevels(t, ['province', 'district']).keys()]).toEqual(['commune']);
  });

  it('refuses a task whose level the template does not list', () => {
    const bad = JSON.parse(readFileSync(TEMPLATE_2026, 'utf8'));
    bad.phases[0].tasks[1].level = 'district';
    expect(problem(bad)).toBe(': a task names a level the template does not list in "levels"');
  });
});

describe('the generated An Giang 2025 tree (vietnam-provinces 2025.10.1)', () => {
  const raw = JSON.parse(readFileSync(UNITS_AN_GIANG_2025, 'utf8'));
  const tree = unitTreeSchema.parse(raw);
  const communes = tree.units.filter((u) => u.level === 'commune');

  it('has 102 commune-level units: 85 xã, 14 phường, 3 đặc khu, under the province, with official codes', () => {
    expect(tree.units.filter((u) => u.parent === null).map((u) => [u.code, u.name, u.officialCode])).toEqual([
      ['ag', 'Tỉnh An Giang', '91'],
    ]);
    expect(communes).toHaveLength(102);
    const byKind = (k: string) => communes.filter((u) => u.kind === k).length;
    expect([byKind('xã'), byKind('phường'), byKind('đặc khu')]).toEqual([85, 14, 3]);
    expect(communes.every((u) => u.parent === 'ag' && /^\d{5}$/.test(u.officialCode ?? ''))).toBe(true);
    expect(new Set(communes.map((u) => u.officialCode)).size).toBe(102);
    expect(new Set(tree.units.map((u) => u.code)).size).toBe(103);
    expect(communes.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Xã Vĩnh Thuận', 'Đặc khu Phú Quốc', 'Phường Rạch Giá']),
    );
    expect(tree.source).toBe('vietnam-provinces 2025.10.1 (data retrieved 2025-10-18)');
  });

  it('the mapping sends every old Kiên Giang district and commune to a new An Giang commune', () => {
    const m = JSON.parse(readFileSync(MAPPING_AN_GIANG_2025, 'utf8'));
    expect(m.source).toMatch(/^vietnamadminunits 1\.0\.4 /);
    const codes = new Set(communes.map((u) => u.code));
    const kg = m.oldProvinces.find((p: { name: string }) => p.name === 'Tỉnh Kiên Giang');
    expect(kg.districts).toHaveLength(15);
    for (const d of kg.districts) {
      expect(codes.has(d.to), d.name).toBe(true);
      for (const c of d.communes) {
        expect(c.to.length, c.name).toBeGreaterThan(0);
        for (const to of c.to) expect(codes.has(to), `${c.name} -> ${to}`).toBe(true);
      }
    }
    const ct = kg.districts.find((d: { name: string }) => d.name === 'Huyện Châu Thành');
    expect(ct.communes.find((c: { name: string }) => c.name === 'Xã Bình An').to).toEqual(['ag-binh-an']);
  });
});

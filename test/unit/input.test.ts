import { describe, expect, it } from 'vitest';
import { registrationSchema } from '../../src/domain/forms/registration.ts';
import { reportSchema } from '../../src/domain/forms/report.ts';
import {
  exampleDay,
  INVITE_ALPHABET,
  inputSchemas,
  LIMITS,
  normaliseInviteCode,
  parseDateWithin,
  parsePercent,
  parseQuantity,
  parseText,
  parseVnDate,
  parseVnd,
  parseVnNumber,
  parseWith,
} from '../../src/domain/input.ts';
import { REGISTRATION } from '../support/samples.ts';

describe('parseVnNumber', () => {
  it.each([
    ['1.234,5', 1234.5],
    ['1.234', 1234],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['12,5', 12.5],
    ['0,5', 0.5],
    [',5', 0.5],
    ['1 234', 1234],
    ['1 234,5', 1234.5],
    ['1\u00a0234', 1234],
    ['1,234,567', 1234567],
    ['1,234,567.5', 1234567.5],
    ['1234.5', 1234.5],
    ['1.5', 1.5],
    ['12', 12],
    ['0', 0],
    ['  42  ', 42],
    ['-5', -5],
    ['+7', 7],
  ])('%j -> %d', (raw, value) => {
    expect(parseVnNumber(raw)).toBe(value);
  });

  it.each([
    '1.2.3',
    '1..2',
    'abc',
    '',
    '   ',
    '.',
    ',',
    '12a',
    '1e5',
    '1,23,4',
    '1,234.5', // English grouping with one comma is ambiguous: refused
    '1.23,4', // dot groups must have three digits
    '5%',
    '--5',
    'Infinity',
    '0x10',
  ])('%j is not a number', (raw) => {
    expect(parseVnNumber(raw)).toBeNull();
  });
});

describe('parseQuantity', () => {
  it('accepts non-negative numbers', () => {
    expect(parseQuantity('0')).toEqual({ ok: true, value: 0 });
    expect(parseQuantity('1.234,5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseQuantity('1.000', { integer: true })).toEqual({ ok: true, value: 1000 });
  });

  it('says what is wrong', () => {
    expect(parseQuantity('-3')).toEqual({ ok: false, problem: { key: 'err-number-negative' } });
    expect(parseQuantity('2,5', { integer: true })).toEqual({
      ok: false,
      problem: { key: 'err-number-integer' },
    });
    expect(parseQuantity('nhiều')).toEqual({ ok: false, problem: { key: 'err-number-format' } });
    expect(parseQuantity('')).toEqual({ ok: false, problem: { key: 'err-number-format' } });
  });

  it('enforces the maximum, inclusive', () => {
    expect(parseQuantity('100', { max: 100 })).toEqual({ ok: true, value: 100 });
    expect(parseQuantity('100,5', { max: 100 })).toEqual({
      ok: false,
      problem: { key: 'err-number-too-big', args: { max: 100 } },
    });
    expect(parseQuantity('1.000.000.000.000')).toEqual({ ok: true, value: 1e12 });
    expect(parseQuantity('1.000.000.000.001')).toEqual({
      ok: false,
      problem: { key: 'err-number-too-big', args: { max: 1e12 } },
    });
  });
});

describe('parseVnd', () => {
  it.each([
    ['5.000.000', 5_000_000],
    ['5tr', 5_000_000],
    ['5 tr', 5_000_000],
    ['5 triệu', 5_000_000],
    ['5 trieu', 5_000_000],
    ['2,5 triệu', 2_500_000],
    ['1,5tr', 1_500_000],
    ['5000000đ', 5_000_000],
    ['5.000.000 đ', 5_000_000],
    ['5.000.000 đồng', 5_000_000],
    ['5 000 000 VND', 5_000_000],
    ['5.000.000 VNĐ', 5_000_000],
    ['5.000.000vnd.', 5_000_000],
    ['5 triệu đồng', 5_000_000],
    ['0', 0],
    ['1.234,4', 1234],
    // Decomposed Unicode, as a "Unicode tổ hợp" keyboard (Unikey) sends it.
    ['2,5 triệu'.normalize('NFD'), 2_500_000],
    ['5.000.000 đồng'.normalize('NFD'), 5_000_000],
  ])('%j -> %d đồng', (raw, value) => {
    expect(parseVnd(raw)).toEqual({ ok: true, value });
  });

  it.each(['', 'năm triệu', 'abc', 'tr', 'đ', '5 tỷ', '5$', '1.2.3'])('%j is not an amount', (raw) => {
    expect(parseVnd(raw)).toEqual({ ok: false, problem: { key: 'err-money-format' } });
  });

  it('refuses negative and absurd amounts', () => {
    expect(parseVnd('-5tr')).toEqual({ ok: false, problem: { key: 'err-number-negative' } });
    expect(parseVnd('10.000.000 triệu')).toEqual({ ok: true, value: 1e13 });
    expect(parseVnd('10.000.001 triệu')).toEqual({
      ok: false,
      problem: { key: 'err-number-too-big', args: { max: 1e13 } },
    });
  });
});

describe('parsePercent', () => {
  it.each([
    ['80', 80],
    ['80%', 80],
    ['80,5 %', 80.5],
    ['0', 0],
    ['100%', 100],
    [' 75 % ', 75],
  ])('%j -> %d', (raw, value) => {
    expect(parsePercent(raw)).toEqual({ ok: true, value });
  });

  it('refuses out-of-range and malformed values', () => {
    expect(parsePercent('150%')).toEqual({ ok: false, problem: { key: 'err-percent-range' } });
    expect(parsePercent('100,1')).toEqual({ ok: false, problem: { key: 'err-percent-range' } });
    expect(parsePercent('-1')).toEqual({ ok: false, problem: { key: 'err-percent-range' } });
    expect(parsePercent('tám mươi')).toEqual({ ok: false, problem: { key: 'err-percent-format' } });
    expect(parsePercent('%')).toEqual({ ok: false, problem: { key: 'err-percent-format' } });
    expect(parsePercent('')).toEqual({ ok: false, problem: { key: 'err-percent-format' } });
  });
});

describe('parseVnDate', () => {
  it.each([
    ['15/10/2015', '2015-10-15'],
    ['1/2/2026', '2026-02-01'],
    ['01/02/2026', '2026-02-01'],
    ['01.02.2026', '2026-02-01'],
    ['01-02-2026', '2026-02-01'],
    ['29/02/2028', '2028-02-29'],
    ['31/12/2026', '2026-12-31'],
    [' 1/1/2027 ', '2027-01-01'],
  ])('%j -> %s', (raw, day) => {
    expect(parseVnDate(raw)).toEqual({ ok: true, value: day });
  });

  it.each(['31/02/2026', '29/02/2027', '29/02/2100', '31/04/2026', '32/01/2026', '00/01/2026', '1/13/2026'])(
    '%j does not exist',
    (raw) => {
      expect(parseVnDate(raw)).toEqual({ ok: false, problem: { key: 'err-date-invalid' } });
    },
  );

  it.each(['2026-02-01', '1/2/26', '01/02', 'hôm nay', '', '01/02/2026 08:00', '1//2/2026'])(
    '%j is not written dd/mm/yyyy',
    (raw) => {
      expect(parseVnDate(raw)).toEqual({ ok: false, problem: { key: 'err-date-format' } });
    },
  );
});

describe('parseDateWithin the 2011-2015 campaign', () => {
  const within = (raw: string) => parseDateWithin(raw, '2011-10-14', '2015-12-31');
  const outside = {
    ok: false,
    problem: { key: 'err-date-outside', args: { from: '14/10/2011', to: '31/12/2015' } },
  };

  it('accepts the first and the last day', () => {
    expect(within('14/10/2011')).toEqual({ ok: true, value: '2011-10-14' });
    expect(within('31/12/2015')).toEqual({ ok: true, value: '2015-12-31' });
    expect(within('15/10/2015')).toEqual({ ok: true, value: '2015-10-15' });
  });

  it('refuses the day before and the day after, naming the range in dd/mm/yyyy', () => {
    expect(within('13/10/2011')).toEqual(outside);
    expect(within('01/01/2016')).toEqual(outside);
  });

  it('reports a bad date as such, not as outside, with the range and an example inside it', () => {
    const args = { from: '14/10/2011', to: '31/12/2015', example: '15/10/2011' };
    expect(within('30/02/2012')).toEqual({ ok: false, problem: { key: 'err-date-invalid-range', args } });
    expect(within('2012-02-01')).toEqual({ ok: false, problem: { key: 'err-date-format-range', args } });
  });

  it('builds every example from the range it enforces, so following it is always accepted', () => {
    const ranges: [string, string][] = [
      ['2011-10-14', '2015-12-31'],
      ['2026-10-01', '2030-12-31'],
      ['2026-12-01', '2027-11-30'],
      ['2026-10-20', '2026-10-22'],
      ['2027-02-16', '2027-02-16'],
    ];
    for (const [from, to] of ranges) {
      const r = parseDateWithin('31/02/2027', from, to);
      if (r.ok) throw new Error('31/02/2027 was accepted');
      const example = String(r.problem.args?.example);
      expect(parseDateWithin(example, from, to), `${from}..${to}: ${example}`).toMatchObject({ ok: true });
      expect(exampleDay(from, to) >= from && exampleDay(from, to) <= to).toBe(true);
    }
  });
});

describe("parseQuantity with the indicator's unit", () => {
  it('accepts the number followed by the unit, as people write it', () => {
    expect(parseQuantity('45 hộ', { unit: 'hộ' })).toEqual({ ok: true, value: 45 });
    expect(parseQuantity('45hộ', { unit: 'hộ' })).toEqual({ ok: true, value: 45 });
    expect(parseQuantity('1.200 hộ', { unit: 'hộ' })).toEqual({ ok: true, value: 1200 });
    expect(parseQuantity('12,5 %', { unit: '%' })).toEqual({ ok: true, value: 12.5 });
    expect(parseQuantity('3 Tấn.', { unit: 'tấn' })).toEqual({ ok: true, value: 3 });
    expect(parseQuantity('2 km đường', { unit: 'km đường' })).toEqual({ ok: true, value: 2 });
    // Decomposed Vietnamese (Unikey "Unicode tổ hợp") is the same unit.
    expect(parseQuantity('45 hộ'.normalize('NFD'), { unit: 'hộ' })).toEqual({ ok: true, value: 45 });
    expect(parseQuantity('45', { unit: 'hộ' })).toEqual({ ok: true, value: 45 });
  });

  it('refuses another unit with a message naming the expected one', () => {
    expect(parseQuantity('45 người', { unit: 'hộ' })).toEqual({
      ok: false,
      problem: { key: 'err-number-unit', args: { unit: 'hộ', example: '45 hộ' } },
    });
    expect(parseQuantity('hộ', { unit: 'hộ' })).toEqual({ ok: false, problem: { key: 'err-number-format' } });
    expect(parseQuantity('-3 hộ', { unit: 'hộ' })).toEqual({
      ok: false,
      problem: { key: 'err-number-negative' },
    });
  });

  it('without a unit, a word after the number is still not a number', () => {
    expect(parseQuantity('45 hộ')).toEqual({ ok: false, problem: { key: 'err-number-format' } });
  });
});

describe('parseText', () => {
  it('pins the limits people are told about', () => {
    expect(LIMITS.title).toEqual([5, 200]);
    expect(LIMITS.longText).toEqual([10, 3000]);
    expect(LIMITS.personName).toEqual([2, 120]);
  });

  it.each(Object.keys(LIMITS) as (keyof typeof LIMITS)[])('%s: bounds are inclusive', (kind) => {
    const [min, max] = LIMITS[kind];
    expect(parseText(kind, 'x'.repeat(min))).toEqual({ ok: true, value: 'x'.repeat(min) });
    expect(parseText(kind, 'x'.repeat(max))).toEqual({ ok: true, value: 'x'.repeat(max) });
    expect(parseText(kind, 'x'.repeat(min - 1))).toEqual({
      ok: false,
      problem: { key: 'err-too-short', args: { min } },
    });
    expect(parseText(kind, 'x'.repeat(max + 1))).toEqual({
      ok: false,
      problem: { key: 'err-too-long', args: { max } },
    });
  });

  it('does not count surrounding whitespace, and stores the text trimmed', () => {
    expect(parseText('title', '   abcd   ')).toEqual({
      ok: false,
      problem: { key: 'err-too-short', args: { min: 5 } },
    });
    expect(parseText('title', '\n\t  Mô hình  \n')).toEqual({ ok: true, value: 'Mô hình' });
    expect(parseText('title', ` ${'a'.repeat(200)} `)).toEqual({ ok: true, value: 'a'.repeat(200) });
    expect(parseText('title', '          ')).toEqual({
      ok: false,
      problem: { key: 'err-too-short', args: { min: 5 } },
    });
  });

  it('keeps inner whitespace and line breaks (people write paragraphs)', () => {
    const para = 'Dòng một.\n\nDòng  hai.';
    expect(parseText('longText', para)).toEqual({ ok: true, value: para });
  });

  it('says text is expected when something else arrives', () => {
    expect(parseWith(inputSchemas.title, 42)).toEqual({ ok: false, problem: { key: 'err-expected-text' } });
    expect(parseWith(inputSchemas.title, undefined)).toEqual({
      ok: false,
      problem: { key: 'err-expected-text' },
    });
  });
});

const HEX = 'a'.repeat(24);

describe('registrationSchema', () => {
  it('accepts a complete registration and fills the defaults', () => {
    const r = registrationSchema.safeParse(REGISTRATION);
    expect(r.success).toBe(true);
    expect(r.data?.milestones).toBe('');
    expect(r.data?.replicatedFrom).toBeNull();
  });

  it('trims text fields', () => {
    const r = registrationSchema.parse({ ...REGISTRATION, title: '  Mô hình hay  ' });
    expect(r.title).toBe('Mô hình hay');
  });

  it('accepts a replicated model and individual owners', () => {
    expect(
      registrationSchema.safeParse({ ...REGISTRATION, ownerKind: 'individual', replicatedFrom: HEX }).success,
    ).toBe(true);
  });

  it.each([
    ['a short title', { title: 'abc' }, 'title'],
    ['an unknown owner kind', { ownerKind: 'group' }, 'ownerKind'],
    ['a unit id that is not an ObjectId', { unitId: 'kg-chau-thanh' }, 'unitId'],
    ['an upper-case unit id', { unitId: HEX.toUpperCase() }, 'unitId'],
    ['an empty field', { field: '' }, 'field'],
    ['a short situation', { situation: 'ngắn' }, 'situation'],
    ['a date that does not exist', { startDate: '2013-02-29' }, 'startDate'],
    ['a date in dd/mm/yyyy', { evaluationDate: '30/06/2013' }, 'evaluationDate'],
    ['no indicator', { indicators: [] }, 'indicators'],
    [
      'eleven indicators',
      { indicators: Array.from({ length: 11 }, (_, i) => ({ name: `Chỉ số ${i}`, unit: 'hộ', target: 1 })) },
      'indicators',
    ],
    ['a negative target', { indicators: [{ name: 'Số hộ', unit: 'hộ', target: -1 }] }, 'indicators'],
    ['an infinite target', { indicators: [{ name: 'Số hộ', unit: 'hộ', target: Infinity }] }, 'indicators'],
    ['an indicator without unit', { indicators: [{ name: 'Số hộ', unit: '', target: 1 }] }, 'indicators'],
    ['a bad replicatedFrom', { replicatedFrom: 'x' }, 'replicatedFrom'],
    ['long milestones', { milestones: 'x'.repeat(2001) }, 'milestones'],
  ])('refuses %s', (_label, patch, path) => {
    const r = registrationSchema.safeParse({ ...REGISTRATION, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(path);
  });

  it.each(Object.keys(REGISTRATION))('refuses a registration without %s', (key) => {
    const partial: Record<string, unknown> = { ...REGISTRATION };
    delete partial[key];
    expect(registrationSchema.safeParse(partial).success).toBe(false);
  });
});

const goodReport = {
  initiativeId: HEX,
  periodKey: '2012-03',
  activities: 'Tổ chức 2 buổi ra quân làm đường.',
  indicatorValues: [{ name: 'Chiều dài đường', value: 1.2 }],
  progress: 40,
  participants: 120,
  beneficiaries: 320,
  evidence: [{ kind: 'photo', fileId: 'f1', fileUniqueId: 'u1' }],
  summary: 'Đạt 40% kế hoạch',
};

describe('reportSchema', () => {
  it('accepts a monthly and a quarterly report and fills the defaults', () => {
    const r = reportSchema.parse(goodReport);
    expect(r.funds).toBeNull();
    expect(r.difficulties).toBe('');
    expect(r.evidence[0]).toEqual({
      kind: 'photo',
      fileId: 'f1',
      fileUniqueId: 'u1',
      fileName: null,
      mimeType: null,
      latitude: null,
      longitude: null,
      caption: '',
      archiveId: null,
      flags: [],
    });
    expect(reportSchema.safeParse({ ...goodReport, periodKey: '2012-Q4' }).success).toBe(true);
    expect(
      reportSchema.safeParse({ ...goodReport, periodKey: '2012-12', progress: 100, evidence: [] }).success,
    ).toBe(true);
    expect(
      reportSchema.safeParse({
        ...goodReport,
        evidence: [{ kind: 'location', latitude: 10.01, longitude: 105.08 }],
      }).success,
    ).toBe(true);
  });

  it.each([
    ['month 13', { periodKey: '2012-13' }, 'periodKey'],
    ['month 00', { periodKey: '2012-00' }, 'periodKey'],
    ['quarter 5', { periodKey: '2012-Q5' }, 'periodKey'],
    ['a period written 03/2012', { periodKey: '03/2012' }, 'periodKey'],
    ['progress over 100', { progress: 101 }, 'progress'],
    ['negative progress', { progress: -1 }, 'progress'],
    ['fractional participants', { participants: 2.5 }, 'participants'],
    ['negative beneficiaries', { beneficiaries: -1 }, 'beneficiaries'],
    ['negative funds', { funds: -1 }, 'funds'],
    ['a negative indicator value', { indicatorValues: [{ name: 'x', value: -1 }] }, 'indicatorValues'],
    ['short activities', { activities: 'làm' }, 'activities'],
    [
      'twenty-one pieces of evidence',
      { evidence: Array(21).fill({ kind: 'photo', fileId: 'f' }) },
      'evidence',
    ],
    ['an unknown evidence kind', { evidence: [{ kind: 'video' }] }, 'evidence'],
    [
      'a latitude off the globe',
      { evidence: [{ kind: 'location', latitude: 91, longitude: 0 }] },
      'evidence',
    ],
    ['a bad initiative id', { initiativeId: '123' }, 'initiativeId'],
  ])('refuses %s', (_label, patch, path) => {
    const r = reportSchema.safeParse({ ...goodReport, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(path);
  });
});

describe('normaliseInviteCode', () => {
  it('accepts codes typed in any case, with spaces or dashes', () => {
    expect(normaliseInviteCode('ABCDEFGHJK')).toBe('ABCDEFGHJK');
    expect(normaliseInviteCode('abcd-efgh-jk')).toBe('ABCDEFGHJK');
    expect(normaliseInviteCode('  abcd efgh jk ')).toBe('ABCDEFGHJK');
    expect(normaliseInviteCode('23456789zz')).toBe('23456789ZZ');
  });

  it('refuses wrong lengths and ambiguous characters', () => {
    expect(normaliseInviteCode('ABCDEFGHJ')).toBeNull();
    expect(normaliseInviteCode('ABCDEFGHJKL')).toBeNull();
    for (const ch of ['O', '0', 'I', '1', 'i', 'o', '!', 'Đ']) {
      expect(INVITE_ALPHABET.includes(ch.toUpperCase()), ch).toBe(false);
      expect(normaliseInviteCode(`ABCDEFGHJ${ch}`), ch).toBeNull();
    }
    expect(normaliseInviteCode('')).toBeNull();
  });
});

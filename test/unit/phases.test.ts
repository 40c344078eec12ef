import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  daysBetween,
  formatDay,
  isValidDay,
  localDay,
  localParts,
  zonedInstant,
} from '../../src/domain/calendar.ts';
import {
  allTasks,
  type CampaignPlan,
  campaignState,
  currentPhase,
  formatPeriod,
  nextDeadlines,
  periodKeyAt,
  periodKeyOfDay,
  periodRange,
  previousPeriodKey,
  reportablePeriods,
} from '../../src/domain/phases.ts';
import { shiftTemplate } from '../../src/domain/templates.ts';
import { loadTemplate } from '../../src/services/campaigns.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const plan = loadTemplate();
// The same plan run again fifteen years later, and from an arbitrary start day.
const plan2026 = shiftTemplate(plan, { years: 15 }, { code: 'dvk-2026-2030' });
const planMarch = shiftTemplate(plan, { start: '2026-03-01' }, { code: 'dvk-march' });

describe('currentPhase on the 2011-2015 plan', () => {
  const cases: [string, string | null][] = [
    ['2011-10-13', null], // the day before the campaign
    ['2011-10-14', 'step-1'], // first day of the campaign and of step 1
    ['2011-12-31', 'step-1'], // last day of step 1, a year end
    ['2012-01-01', 'step-2'], // first day of step 2
    ['2012-02-29', 'step-2'], // a leap day inside step 2
    ['2013-12-31', 'step-2'], // last day of step 2
    ['2014-01-01', 'step-3'],
    ['2015-10-15', 'step-3'], // the honouring day
    ['2015-12-31', 'step-3'], // last day of the campaign
    ['2016-01-01', null], // the day after
  ];
  it.each(cases)('%s -> %s', (day, code) => {
    expect(currentPhase(plan, day)?.code ?? null).toBe(code);
  });

  it('is null between two phases that leave a gap', () => {
    const gappy = {
      phases: [
        { code: 'a', name: 'A', start: '2026-01-01', end: '2026-01-31', tasks: [] },
        { code: 'b', name: 'B', start: '2026-03-01', end: '2026-03-31', tasks: [] },
      ],
    };
    expect(currentPhase(gappy, '2026-01-31')?.code).toBe('a');
    expect(currentPhase(gappy, '2026-02-01')).toBeNull();
    expect(currentPhase(gappy, '2026-02-28')).toBeNull();
    expect(currentPhase(gappy, '2026-03-01')?.code).toBe('b');
  });

  it('follows the plan when it is shifted by years', () => {
    expect(currentPhase(plan2026, '2026-10-13')).toBeNull();
    expect(currentPhase(plan2026, '2026-10-14')?.code).toBe('step-1');
    expect(currentPhase(plan2026, '2026-12-31')?.code).toBe('step-1');
    expect(currentPhase(plan2026, '2027-01-01')?.code).toBe('step-2');
    expect(currentPhase(plan2026, '2028-12-31')?.code).toBe('step-2');
    expect(currentPhase(plan2026, '2029-01-01')?.code).toBe('step-3');
    expect(currentPhase(plan2026, '2030-12-31')?.code).toBe('step-3');
    expect(currentPhase(plan2026, '2031-01-01')).toBeNull();
  });

  it('follows the plan when it is shifted to a start day', () => {
    expect(currentPhase(planMarch, '2026-02-28')).toBeNull();
    expect(currentPhase(planMarch, '2026-03-01')?.code).toBe('step-1');
    const step1 = planMarch.phases[0]!;
    // Step 1 lasts as long as it did in 2011 (14/10 to 31/12: 78 days).
    expect(daysBetween(step1.start, step1.end)).toBe(78);
    expect(currentPhase(planMarch, step1.end)?.code).toBe('step-1');
    expect(currentPhase(planMarch, addDays(step1.end, 1))?.code).toBe('step-2');
  });
});

describe('campaignState', () => {
  it.each([
    ['2011-10-13', 'upcoming'],
    ['2011-10-14', 'running'],
    ['2015-10-15', 'running'],
    ['2015-12-31', 'running'],
    ['2016-01-01', 'ended'],
  ] as const)('%s -> %s', (day, state) => {
    expect(campaignState(plan, day)).toBe(state);
  });
});

describe('nextDeadlines', () => {
  it('lists the soonest tasks first, ties by code, five by default', () => {
    const d = nextDeadlines(plan, '2011-10-14');
    expect(d.map((x) => x.task.code)).toEqual([
      's1-committee',
      's1-register',
      's1-survey',
      's2-nurture',
      's2-appraise',
    ]);
    expect(d.map((x) => x.due)).toEqual([
      '2011-12-31',
      '2011-12-31',
      '2011-12-31',
      '2013-06-30',
      '2013-09-30',
    ]);
    expect(d[0]!.phaseCode).toBe('step-1');
    expect(d[0]!.phaseName).toBe(plan.phases[0]!.name);
    expect(d[0]!.daysLeft).toBe(78);
    expect(d[3]!.phaseCode).toBe('step-2');
  });

  it('respects the limit', () => {
    expect(nextDeadlines(plan, '2011-10-14', 2)).toHaveLength(2);
    expect(nextDeadlines(plan, '2011-10-14', 100)).toHaveLength(11);
    expect(nextDeadlines(plan, '2011-10-14', 0)).toEqual([]);
  });

  it('counts a task due today with 0 days left and drops it the day after', () => {
    const onDay = nextDeadlines(plan, '2011-12-31', 3);
    expect(onDay.map((x) => [x.task.code, x.daysLeft])).toEqual([
      ['s1-committee', 0],
      ['s1-register', 0],
      ['s1-survey', 0],
    ]);
    const after = nextDeadlines(plan, '2012-01-01', 1);
    expect(after[0]!.task.code).toBe('s2-nurture');
    // 1/1/2012 to 30/6/2013: 366 days of leap 2012 and 180 more.
    expect(after[0]!.daysLeft).toBe(546);
  });

  it('includes the honouring day, 15/10/2015, up to and on the day', () => {
    expect(plan.honouringDate).toBe('2015-10-15');
    const before = nextDeadlines(plan, '2015-10-01');
    expect(before.map((x) => [x.task.code, x.due, x.daysLeft])).toEqual([['s3-honour', '2015-10-15', 14]]);
    const onDay = nextDeadlines(plan, '2015-10-15');
    expect(onDay).toHaveLength(1);
    expect(onDay[0]!.due).toBe(plan.honouringDate);
    expect(onDay[0]!.daysLeft).toBe(0);
    expect(nextDeadlines(plan, '2015-10-16')).toEqual([]);
  });

  it('moves with a shifted plan', () => {
    const d = nextDeadlines(plan2026, '2030-10-01');
    expect(d.map((x) => [x.task.code, x.due, x.daysLeft])).toEqual([['s3-honour', '2030-10-15', 14]]);
    expect(plan2026.honouringDate).toBe('2030-10-15');
    const m = nextDeadlines(planMarch, '2026-03-01', 1)[0]!;
    expect(m.daysLeft).toBe(78);
  });

  it('allTasks lists every task once in due order', () => {
    const tasks = allTasks(plan);
    expect(tasks).toHaveLength(11);
    const dues = tasks.map((t) => t.task.due);
    expect(dues).toEqual([...dues].sort());
    expect(tasks.at(-1)!.task.code).toBe('s3-honour');
    expect(tasks.at(-1)!.phase.code).toBe('step-3');
  });
});

describe('period keys', () => {
  it.each([
    ['2026-01-01', '2026-01', '2026-Q1'],
    ['2026-03-31', '2026-03', '2026-Q1'],
    ['2026-04-01', '2026-04', '2026-Q2'],
    ['2026-06-30', '2026-06', '2026-Q2'],
    ['2026-07-01', '2026-07', '2026-Q3'],
    ['2026-09-30', '2026-09', '2026-Q3'],
    ['2026-10-01', '2026-10', '2026-Q4'],
    ['2026-12-31', '2026-12', '2026-Q4'],
    ['2027-01-01', '2027-01', '2027-Q1'],
    ['2015-10-15', '2015-10', '2015-Q4'],
  ])('%s is %s monthly and %s quarterly', (day, monthly, quarterly) => {
    expect(periodKeyOfDay(day, 'monthly')).toBe(monthly);
    expect(periodKeyOfDay(day, 'quarterly')).toBe(quarterly);
  });

  it('takes the local day of an instant, not the UTC one', () => {
    // 00:30 on 1/1/2027 in Hồ Chí Minh City is still 31/12/2026 17:30 in UTC.
    const newYear = new Date('2026-12-31T17:30:00Z');
    expect(newYear.toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(periodKeyAt(newYear, 'monthly', TZ)).toBe('2027-01');
    expect(periodKeyAt(newYear, 'quarterly', TZ)).toBe('2027-Q1');
    expect(periodKeyAt(newYear, 'monthly', 'UTC')).toBe('2026-12');
    // 23:30 on 31/12/2026 local time is the old year in both.
    const lateEve = new Date('2026-12-31T16:30:00Z');
    expect(periodKeyAt(lateEve, 'monthly', TZ)).toBe('2026-12');
    expect(periodKeyAt(lateEve, 'quarterly', TZ)).toBe('2026-Q4');
    // 23:59 local on 31/03 is still Q1; one minute later is Q2.
    expect(periodKeyAt(new Date('2026-03-31T16:59:00Z'), 'quarterly', TZ)).toBe('2026-Q1');
    expect(periodKeyAt(new Date('2026-03-31T17:00:00Z'), 'quarterly', TZ)).toBe('2026-Q2');
  });

  it('periodRange gives the first and last day of months and quarters', () => {
    expect(periodRange('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(periodRange('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(periodRange('2000-02')).toEqual({ first: '2000-02-01', last: '2000-02-29' });
    expect(periodRange('2100-02')).toEqual({ first: '2100-02-01', last: '2100-02-28' });
    expect(periodRange('2026-04')).toEqual({ first: '2026-04-01', last: '2026-04-30' });
    expect(periodRange('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(periodRange('2026-Q1')).toEqual({ first: '2026-01-01', last: '2026-03-31' });
    expect(periodRange('2024-Q1')).toEqual({ first: '2024-01-01', last: '2024-03-31' });
    expect(periodRange('2026-Q2')).toEqual({ first: '2026-04-01', last: '2026-06-30' });
    expect(periodRange('2026-Q3')).toEqual({ first: '2026-07-01', last: '2026-09-30' });
    expect(periodRange('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
  });

  it('periodRange refuses what is not a period key', () => {
    for (const bad of ['2026', '2026-Q5', '2026-Q0', '2026-1', 'Q4/2026', '', '2026-13', '2026-00'])
      expect(() => periodRange(bad), bad).toThrow(/not a period key/);
  });

  it('every day of a period maps back to that period', () => {
    for (const key of ['2024-02', '2026-Q4', '2026-12']) {
      const cadence = key.includes('Q') ? 'quarterly' : 'monthly';
      const { first, last } = periodRange(key);
      expect(periodKeyOfDay(first, cadence)).toBe(key);
      expect(periodKeyOfDay(last, cadence)).toBe(key);
      expect(periodKeyOfDay(addDays(first, -1), cadence)).not.toBe(key);
      expect(periodKeyOfDay(addDays(last, 1), cadence)).not.toBe(key);
    }
  });

  it('previousPeriodKey crosses year ends', () => {
    expect(previousPeriodKey('2027-01', 'monthly')).toBe('2026-12');
    expect(previousPeriodKey('2026-03', 'monthly')).toBe('2026-02');
    expect(previousPeriodKey('2026-12', 'monthly')).toBe('2026-11');
    expect(previousPeriodKey('2027-Q1', 'quarterly')).toBe('2026-Q4');
    expect(previousPeriodKey('2026-Q4', 'quarterly')).toBe('2026-Q3');
  });

  it('formatPeriod writes 11/2026 and Q4/2026', () => {
    expect(formatPeriod('2026-11')).toBe('11/2026');
    expect(formatPeriod('2026-01')).toBe('01/2026');
    expect(formatPeriod('2026-Q4')).toBe('Q4/2026');
    expect(formatPeriod('2015-Q1')).toBe('Q1/2015');
  });
});

describe('reportablePeriods', () => {
  it('offers only the current month on the campaign’s first day', () => {
    expect(reportablePeriods(plan, '2011-10-14')).toEqual(['2011-10']);
  });

  it('offers the current and the previous month inside the campaign, across a year end', () => {
    expect(reportablePeriods(plan, '2011-11-01')).toEqual(['2011-11', '2011-10']);
    expect(reportablePeriods(plan, '2012-01-01')).toEqual(['2012-01', '2011-12']);
  });

  it('on the last day offers December and November; after the end only the last month', () => {
    expect(reportablePeriods(plan, '2015-12-31')).toEqual(['2015-12', '2015-11']);
    expect(reportablePeriods(plan, '2016-01-05')).toEqual(['2015-12']);
    expect(reportablePeriods(plan, '2016-02-01')).toEqual([]);
    expect(reportablePeriods(plan, '2011-09-30')).toEqual([]);
  });

  it('works by quarter when the campaign reports quarterly', () => {
    const q: CampaignPlan = { ...plan, reportCadence: 'quarterly' };
    expect(reportablePeriods(q, '2011-10-14')).toEqual(['2011-Q4']);
    expect(reportablePeriods(q, '2012-01-01')).toEqual(['2012-Q1', '2011-Q4']);
    expect(reportablePeriods(q, '2015-12-31')).toEqual(['2015-Q4', '2015-Q3']);
    expect(reportablePeriods(q, '2016-01-01')).toEqual(['2015-Q4']);
  });
});

describe('calendar', () => {
  it('localDay is the day on the wall clock of the time zone', () => {
    expect(localDay(new Date('2026-12-31T17:00:00Z'), TZ)).toBe('2027-01-01');
    expect(localDay(new Date('2026-12-31T16:59:59Z'), TZ)).toBe('2026-12-31');
    expect(localDay(new Date('2026-12-31T17:00:00Z'), 'UTC')).toBe('2026-12-31');
    expect(localDay(new Date('2028-02-29T12:00:00Z'), TZ)).toBe('2028-02-29');
  });

  it('localParts gives the local wall-clock time and weekday', () => {
    // 2026-12-31T17:30Z is Friday 1/1/2027 00:30 in Hồ Chí Minh City.
    expect(localParts(new Date('2026-12-31T17:30:00Z'), TZ)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      weekday: 5,
    });
  });

  it('zonedInstant is the instant a local time happens', () => {
    expect(zonedInstant('2027-01-01', TZ).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(zonedInstant('2027-01-01', TZ, 8).toISOString()).toBe('2027-01-01T01:00:00.000Z');
    expect(zonedInstant('2015-10-15', TZ, 23, 30).toISOString()).toBe('2015-10-15T16:30:00.000Z');
    expect(zonedInstant('2026-06-01', 'UTC', 8).toISOString()).toBe('2026-06-01T08:00:00.000Z');
    // A zone with daylight saving: Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(zonedInstant('2026-01-15', 'Europe/Berlin', 9).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', 'Europe/Berlin', 9).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // Round trip: the instant falls on the same local day.
    expect(localDay(zonedInstant('2027-01-01', TZ), TZ)).toBe('2027-01-01');
  });

  it('addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('daysBetween counts whole days, negative backwards', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
    expect(daysBetween('2026-05-10', '2026-05-10')).toBe(0);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2011-10-14', '2015-10-15')).toBe(1462);
  });

  it('addYears keeps the calendar day and clamps 29/02', () => {
    expect(addYears('2011-12-31', 15)).toBe('2026-12-31');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -4)).toBe('2020-02-29');
    expect(addYears('2024-02-29', 76)).toBe('2100-02-28');
    expect(addYears('2015-10-15', -1)).toBe('2014-10-15');
  });

  it('formatDay writes dd/mm/yyyy', () => {
    expect(formatDay('2015-10-15')).toBe('15/10/2015');
    expect(formatDay('2026-01-05')).toBe('05/01/2026');
  });

  it('isValidDay accepts real days only, as YYYY-MM-DD', () => {
    for (const good of ['2026-01-01', '2026-12-31', '2028-02-29', '2000-02-29'])
      expect(isValidDay(good), good).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2100-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '05/01/2026',
      '2026-01-01T00:00',
      '',
    ])
      expect(isValidDay(bad), bad).toBe(false);
  });
});

describe('the honouring day without a task of its own', () => {
  it('is listed among the next deadlines', async () => {
    const { nextDeadlines } = await import('../../src/domain/phases.ts');
    const plan = {
      start: '2026-01-01',
      end: '2026-12-31',
      reportCadence: 'monthly',
      honouringDate: '2026-10-15',
      phases: [
        {
          code: 'p',
          name: 'Giai đoạn',
          start: '2026-01-01',
          end: '2026-12-31',
          tasks: [{ code: 't', title: 'Việc', due: '2026-11-30' }],
        },
      ],
    };
    expect(nextDeadlines(plan, '2026-10-01').map((d) => [d.task.code, d.due, d.daysLeft])).toEqual([
      ['honouring', '2026-10-15', 14],
      ['t', '2026-11-30', 60],
    ]);
    expect(nextDeadlines(plan, '2026-10-16').map((d) => d.task.code)).toEqual(['t']);
  });
});

import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../../src/domain/calendar.ts';
import {
  appraisalComplete,
  checkScores,
  conflictOf,
  meanScore,
  rankNominees,
} from '../../src/domain/council.ts';
import { effectiveSince, firstFullPeriodStart, isEffective, isLate } from '../../src/domain/effectiveness.ts';
import {
  checkPutForward,
  followUpDays,
  openHonouringRound,
  openRegistrationRound,
  organisingUnit,
  quotaLeft,
  unitLevelOf,
} from '../../src/domain/rounds.ts';
import { loadTemplate } from '../../src/services/campaigns.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, hour = 9) => zonedInstant(day, TZ, hour);

describe('"effective" means verified', () => {
  const base = { status: 'nurturing', acceptedAt: at('2012-01-10') };
  it('counts a verified report of this period or the one before (window 2)', () => {
    expect(isEffective({ ...base, lastVerifiedPeriod: '2012-05' }, '2012-05', 'monthly', 2)).toBe(true);
    expect(isEffective({ ...base, lastVerifiedPeriod: '2012-04' }, '2012-05', 'monthly', 2)).toBe(true);
    expect(isEffective({ ...base, lastVerifiedPeriod: '2012-03' }, '2012-05', 'monthly', 2)).toBe(false);
  });
  it('never counts questioned or unverified reports: only a verified period sets it', () => {
    // The model reported in May (lastReportPeriod) but nobody verified anything.
    expect(
      isEffective({ ...base, lastReportPeriod: '2012-05', lastVerifiedPeriod: null }, '2012-05', 'monthly'),
    ).toBe(false);
  });
  it('crosses a year boundary and follows the window and quarterly cadence', () => {
    expect(effectiveSince('2013-01', 'monthly', 2)).toBe('2012-12');
    expect(effectiveSince('2013-01', 'monthly', 3)).toBe('2012-11');
    expect(effectiveSince('2013-Q1', 'quarterly', 2)).toBe('2012-Q4');
    expect(isEffective({ ...base, lastVerifiedPeriod: '2012-12' }, '2013-01', 'monthly', 2)).toBe(true);
    expect(isEffective({ ...base, lastVerifiedPeriod: '2012-11' }, '2013-01', 'monthly', 2)).toBe(false);
  });
  it('a returned, registered or withdrawn model is never effective', () => {
    for (const status of ['registered', 'returned', 'withdrawn']) {
      expect(isEffective({ status, lastVerifiedPeriod: '2012-05' }, '2012-05', 'monthly')).toBe(false);
    }
  });
});

describe('"late" only after the first full period', () => {
  it('the first full period is the first one that begins after the day of acceptance', () => {
    expect(firstFullPeriodStart('2012-01-31', 'monthly')).toBe('2012-02-01');
    expect(firstFullPeriodStart('2012-02-01', 'monthly')).toBe('2012-03-01');
    expect(firstFullPeriodStart('2012-02-15', 'quarterly')).toBe('2012-04-01');
  });
  it('accepted on 31/01: not late in February, late in March without a February report', () => {
    const m = { status: 'nurturing', acceptedAt: at('2012-01-31', 16), lastReportPeriod: null };
    expect(isLate(m, '2012-02', 'monthly', TZ)).toBe(false);
    expect(isLate(m, '2012-03', 'monthly', TZ)).toBe(true);
    expect(isLate({ ...m, lastReportPeriod: '2012-02' }, '2012-03', 'monthly', TZ)).toBe(false);
    // A report of February that was questioned still was filed: late is about filing.
    expect(isLate({ ...m, lastReportPeriod: '2012-01' }, '2012-03', 'monthly', TZ)).toBe(true);
  });
  it('accepted on 01/02 (a minute after midnight): February is not full, so first late in April', () => {
    const m = {
      status: 'nurturing',
      acceptedAt: zonedInstant('2012-02-01', TZ, 0, 1),
      lastReportPeriod: null,
    };
    expect(isLate(m, '2012-02', 'monthly', TZ)).toBe(false);
    expect(isLate(m, '2012-03', 'monthly', TZ)).toBe(false);
    expect(isLate(m, '2012-04', 'monthly', TZ)).toBe(true);
  });
  it('a model accepted a minute ago is not late', () => {
    const m = { status: 'nurturing', acceptedAt: at('2012-05-20'), lastReportPeriod: null };
    expect(isLate(m, '2012-05', 'monthly', TZ)).toBe(false);
  });
  it('an honoured model keeps reporting and can be late; a registered one cannot', () => {
    const m = { status: 'honoured', acceptedAt: at('2012-01-10'), lastReportPeriod: '2013-10' };
    expect(isLate(m, '2014-01', 'monthly', TZ)).toBe(true);
    expect(isLate({ ...m, status: 'registered' }, '2014-01', 'monthly', TZ)).toBe(false);
  });
  it('falls back to the creation time for records without an acceptance time', () => {
    const m = { status: 'nurturing', createdAt: at('2012-01-10'), lastReportPeriod: null };
    expect(isLate(m, '2012-03', 'monthly', TZ)).toBe(true);
  });
});

describe('council', () => {
  const model = {
    unitId: 'commune',
    ownerKind: 'collective',
    createdBy: 'cadre',
    reporterIds: ['cadre', 'helper'],
  };
  it('refuses the one who registered it, who reported on it, and a member of its own unit for a collective', () => {
    expect(conflictOf('cadre', model)).toBe('registered-it');
    expect(conflictOf('helper', model)).toBe('reported-on-it');
    expect(conflictOf('member', model, { unitIds: ['commune'], ownUnit: true })).toBe('own-unit-collective');
    expect(conflictOf('member', model, { unitIds: ['district'], ownUnit: true })).toBeNull();
    expect(
      conflictOf('member', { ...model, ownerKind: 'individual' }, { unitIds: ['commune'], ownUnit: true }),
    ).toBeNull();
    expect(conflictOf('member', model, { unitIds: ['commune'], ownUnit: false })).toBeNull();
  });
  it('the result is the mean of the totals; ranking shares ranks on ties; unscored last', () => {
    expect(meanScore([80, 70, 75])).toBe(75);
    expect(meanScore([80, 71])).toBe(75.5);
    expect(meanScore([])).toBeNull();
    const r = rankNominees([
      { item: 'a', totals: [70, 72] },
      { item: 'b', totals: [90, 80] },
      { item: 'c', totals: [] },
      { item: 'd', totals: [71, 71] },
    ]);
    expect(r.map((x) => [x.item, x.mean, x.rank])).toEqual([
      ['b', 85, 1],
      ['a', 71, 2],
      ['d', 71, 2],
      ['c', null, null],
    ]);
  });
  it('is complete when every member without a conflict scored', () => {
    expect(appraisalComplete(['x', 'y'], ['y', 'x'])).toBe(true);
    expect(appraisalComplete(['x', 'y'], ['x'])).toBe(false);
    expect(appraisalComplete([], [])).toBe(false);
  });
  it('checks scores against every criterion', () => {
    const criteria = [
      { code: 'a', maxScore: 30 },
      { code: 'b', maxScore: 20 },
    ];
    expect(
      checkScores(criteria, [
        { criterion: 'b', score: 10 },
        { criterion: 'a', score: 25.5 },
      ]),
    ).toEqual({
      ok: true,
      scores: [
        { criterion: 'a', score: 25.5 },
        { criterion: 'b', score: 10 },
      ],
      total: 35.5,
      max: 50,
    });
    expect(checkScores(criteria, [{ criterion: 'a', score: 1 }])).toMatchObject({
      problem: 'score-missing',
      criterion: 'b',
    });
    expect(
      checkScores(criteria, [
        { criterion: 'a', score: 31 },
        { criterion: 'b', score: 1 },
      ]),
    ).toMatchObject({ problem: 'score-out-of-range' });
    expect(checkScores(criteria, [{ criterion: 'z', score: 1 }])).toMatchObject({
      problem: 'score-unknown-criterion',
    });
    expect(
      checkScores(criteria, [
        { criterion: 'a', score: 1 },
        { criterion: 'a', score: 2 },
      ]),
    ).toMatchObject({ problem: 'score-duplicate' });
  });
});

describe('rounds of the 2011-2015 plan', () => {
  const plan = loadTemplate();
  it('maps target levels to the unit levels that hold the rights', () => {
    expect(unitLevelOf(plan, 'district')).toBe('district');
    expect(unitLevelOf(plan, 'province')).toBe('province');
    expect(unitLevelOf(plan, 'grassroots')).toBe('commune');
    expect(
      unitLevelOf(
        { levels: ['province', 'commune'], targetLevels: ['grassroots', 'province'] },
        'grassroots',
      ),
    ).toBe('commune');
    expect(unitLevelOf(plan, 'national')).toBeNull();
  });
  it('opens the sơ kết in 2013, the tổng kết in 2015 and the provincial round up to 15/10/2015', () => {
    expect(openHonouringRound(plan, 'district', '2012-12-31')).toBeNull();
    expect(openHonouringRound(plan, 'district', '2013-06-01')?.code).toBe('so-ket-1');
    expect(openHonouringRound(plan, 'district', '2015-03-01')?.code).toBe('tong-ket');
    expect(openHonouringRound(plan, 'district', '2015-03-01')?.occasion).toBe(2);
    expect(openHonouringRound(plan, 'province', '2015-10-15')?.code).toBe('bieu-duong-tinh');
    expect(openHonouringRound(plan, 'province', '2015-10-16')).toBeNull();
    expect(openRegistrationRound(plan, 'province', '2014-03-01')?.code).toBe('dang-ky-tinh');
    expect(openRegistrationRound(plan, 'province', '2014-07-01')).toBeNull();
  });
  it('finds the organising unit in a model path', () => {
    const path = [
      { id: 'kg', level: 'province' },
      { id: 'ct', level: 'district' },
      { id: 'ba', level: 'commune' },
    ];
    expect(organisingUnit(path, 'district')?.id).toBe('ct');
    expect(organisingUnit(path, 'province')?.id).toBe('kg');
    expect(organisingUnit(path.slice(0, 1), 'district')).toBeNull();
  });
  it('lets the owner put forward only with enough verified reports; a coordinator any time the round is open', () => {
    const base = { status: 'nurturing', verifiedReports: 1, minVerified: 2, roundOpen: true };
    expect(checkPutForward({ ...base, by: 'owner' })).toEqual({ ok: false, reason: 'rules-not-met' });
    expect(checkPutForward({ ...base, by: 'owner', verifiedReports: 2 })).toEqual({ ok: true });
    expect(checkPutForward({ ...base, by: 'coordinator' })).toEqual({ ok: true });
    expect(checkPutForward({ ...base, by: 'coordinator', roundOpen: false })).toEqual({
      ok: false,
      reason: 'no-open-round',
    });
    expect(checkPutForward({ ...base, by: 'coordinator', status: 'registered' })).toEqual({
      ok: false,
      reason: 'wrong-status',
    });
    expect(checkPutForward({ ...base, by: 'coordinator', status: 'honoured' })).toEqual({ ok: true });
    expect(
      checkPutForward({ ...base, by: 'coordinator', status: 'honoured', honouredInThisRound: true }),
    ).toEqual({ ok: false, reason: 'wrong-status' });
  });
  it('quota and follow-up days', () => {
    expect(quotaLeft(2, 0)).toBe(2);
    expect(quotaLeft(2, 2)).toBe(0);
    expect(quotaLeft(2, 3)).toBe(0);
    expect(followUpDays('2013-12-31', [6, 12])).toEqual(['2014-06-30', '2014-12-31']);
    expect(followUpDays('2015-10-15', [6, 12])).toEqual(['2016-04-15', '2016-10-15']);
  });
});

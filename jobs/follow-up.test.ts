import { describe, expect, it } from 'vitest';
import { addMonths, followUps, latestHonourDay, overdueFollowUp } from './follow-up.ts';

// Pure rules on given days: no clock is read, so these hold on any day the suite runs.
const TZ = 'Asia/Ho_Chi_Minh';
const campaign = {
  followUpMonths: [12, 6, 6],
  start: '2011-06-01',
  end: '2015-12-31',
  reportCadence: 'monthly',
};
const honour = (decisionDate: string | null, at = '2013-01-01T03:00:00Z', beforeCampaign = false) => ({
  decisionDate,
  at: new Date(at),
  beforeCampaign,
});

describe('follow-up days', () => {
  it('moves by calendar months and keeps to the end of a shorter month', () => {
    expect(addMonths('2013-04-15', 6)).toBe('2013-10-15');
    expect(addMonths('2013-08-31', 6)).toBe('2014-02-28');
    expect(addMonths('2015-08-31', 6)).toBe('2016-02-29');
    expect(addMonths('2013-10-15', 12)).toBe('2014-10-15');
  });

  it('count from the latest honour given in the campaign, its decision date first', () => {
    expect(latestHonourDay([honour('2013-04-15'), honour('2015-03-20')], TZ)).toBe('2015-03-20');
    // No decision date recorded: the local day of the honour's time (10:00 in Hồ Chí Minh City).
    expect(latestHonourDay([honour(null, '2013-04-30T17:30:00Z')], TZ)).toBe('2013-05-01');
    // Honoured before the campaign (2010): entered for re-assessment, no follow-up of its own.
    expect(latestHonourDay([honour('2010-10-15', '2010-10-15T03:00:00Z', true)], TZ)).toBeNull();
    expect(followUps({ honours: [honour('2013-04-15')] }, campaign, TZ)).toEqual([
      { months: 6, honourDay: '2013-04-15', day: '2013-10-15', by: '2013-11-14' },
      { months: 12, honourDay: '2013-04-15', day: '2014-04-15', by: '2014-05-15' },
    ]);
  });

  it('leaves out follow-up days after the campaign ends', () => {
    expect(followUps({ honours: [honour('2015-10-15')] }, campaign, TZ)).toEqual([]);
    expect(followUps({ honours: [honour('2015-03-20')] }, campaign, TZ).map((f) => f.months)).toEqual([6]);
  });

  it('is overdue from the day after the 30 days of grace, until a report of that period or later comes', () => {
    const model = (lastReportPeriod: string | null) => ({
      honours: [honour('2013-04-15')],
      lastReportPeriod,
    });
    // 6 months: 15/10/2013, a report by 14/11/2013.
    expect(overdueFollowUp(model('2013-04'), campaign, '2013-11-14', TZ)).toBeNull();
    expect(overdueFollowUp(model('2013-04'), campaign, '2013-11-15', TZ)).toMatchObject({ months: 6 });
    expect(overdueFollowUp(model(null), campaign, '2013-11-15', TZ)).toMatchObject({ months: 6 });
    // A report of October (the follow-up day's period) or later answers it.
    expect(overdueFollowUp(model('2013-10'), campaign, '2013-11-15', TZ)).toBeNull();
    expect(overdueFollowUp(model('2013-09'), campaign, '2013-11-15', TZ)).toMatchObject({ months: 6 });
    // After the 12-month grace, only the 12-month follow-up decides.
    expect(overdueFollowUp(model('2013-10'), campaign, '2014-05-16', TZ)).toMatchObject({ months: 12 });
    expect(overdueFollowUp(model('2014-04'), campaign, '2014-05-16', TZ)).toBeNull();
  });
});

import { addDays, type Day, daysBetween, localDay } from './calendar.ts';

/** The shape of a campaign that phase and deadline logic needs (a plain object or a document). */
export interface CampaignPlan {
  start: Day;
  end: Day;
  phases: readonly PhasePlan[];
  reportCadence: 'monthly' | 'quarterly' | string;
  honouringDate?: Day | null;
}

export interface PhasePlan {
  code: string;
  name: string;
  nameEn?: string | null;
  start: Day;
  end: Day;
  tasks: readonly TaskPlan[];
}

export interface TaskPlan {
  code: string;
  title: string;
  titleEn?: string | null;
  due: Day;
  level?: string | null;
  check?: string | null;
}

export type Cadence = 'monthly' | 'quarterly';

export interface Deadline {
  phaseCode: string;
  phaseName: string;
  task: TaskPlan;
  due: Day;
  daysLeft: number;
}

/** The phase `today` falls in, or null before, after, or between phases. */
export function currentPhase<P extends PhasePlan>(campaign: { phases: readonly P[] }, today: Day): P | null {
  return campaign.phases.find((p) => p.start <= today && today <= p.end) ?? null;
}

export function campaignState(campaign: CampaignPlan, today: Day): 'upcoming' | 'running' | 'ended' {
  if (today < campaign.start) return 'upcoming';
  if (today > campaign.end) return 'ended';
  return 'running';
}

/**
 * Tasks due today or later, soonest first. The honouring day counts as a deadline too: if no task
 * falls on it, it is listed as one of its own (code `honouring`).
 */
export function nextDeadlines(campaign: CampaignPlan, today: Day, limit = 5): Deadline[] {
  const all: Deadline[] = [];
  for (const phase of campaign.phases) {
    for (const task of phase.tasks) {
      if (task.due >= today) {
        all.push({
          phaseCode: phase.code,
          phaseName: phase.name,
          task,
          due: task.due,
          daysLeft: daysBetween(today, task.due),
        });
      }
    }
  }
  const h = campaign.honouringDate;
  if (h && h >= today && !all.some((d) => d.due === h)) {
    const phase = campaign.phases.find((p) => p.start <= h && h <= p.end) ?? campaign.phases.at(-1);
    all.push({
      phaseCode: phase?.code ?? '',
      phaseName: phase?.name ?? '',
      task: {
        code: 'honouring',
        title: 'Biểu dương, khen thưởng',
        titleEn: 'Honouring',
        due: h,
        level: null,
        check: 'none',
      },
      due: h,
      daysLeft: daysBetween(today, h),
    });
  }
  all.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.task.code.localeCompare(b.task.code)));
  return all.slice(0, limit);
}

/** Every task with its phase, in due order (for planners). */
export function allTasks(campaign: CampaignPlan): { phase: PhasePlan; task: TaskPlan }[] {
  return campaign.phases
    .flatMap((phase) => phase.tasks.map((task) => ({ phase, task })))
    .sort((a, b) => (a.task.due < b.task.due ? -1 : a.task.due > b.task.due ? 1 : 0));
}

/** The report period a local day falls in: `2026-11` (monthly) or `2026-Q4` (quarterly). */
export function periodKeyOfDay(day: Day, cadence: Cadence | string): string {
  const [y, m] = day.split('-') as [string, string];
  if (cadence === 'quarterly') return `${y}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
  return `${y}-${m}`;
}

export function periodKeyAt(instant: Date, cadence: Cadence | string, timeZone: string): string {
  return periodKeyOfDay(localDay(instant, timeZone), cadence);
}

/** First and last day of a period. */
export function periodRange(key: string): { first: Day; last: Day } {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) {
    const y = Number(q[1]);
    const startMonth = (Number(q[2]) - 1) * 3 + 1;
    const first = `${y}-${String(startMonth).padStart(2, '0')}-01`;
    const last = addDays(
      startMonth + 3 > 12 ? `${y + 1}-01-01` : `${y}-${String(startMonth + 3).padStart(2, '0')}-01`,
      -1,
    );
    return { first, last };
  }
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (!m) throw new Error(`not a period key: ${key}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const first = `${y}-${m[2]}-01`;
  const last = addDays(mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`, -1);
  return { first, last };
}

export function previousPeriodKey(key: string, cadence: Cadence | string): string {
  return periodKeyOfDay(addDays(periodRange(key).first, -1), cadence);
}

/** `11/2026` or `Q4/2026`, the way a period is written in a report. */
export function formatPeriod(key: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return `Q${q[2]}/${q[1]}`;
  const [y, m] = key.split('-');
  return `${m}/${y}`;
}

/** Period keys that a report may be filed for on `today`: the current one and the one before. */
export function reportablePeriods(campaign: CampaignPlan, today: Day): string[] {
  const current = periodKeyOfDay(today, campaign.reportCadence);
  const previous = previousPeriodKey(current, campaign.reportCadence);
  return [current, previous].filter((k) => {
    const r = periodRange(k);
    return r.last >= campaign.start && r.first <= campaign.end;
  });
}

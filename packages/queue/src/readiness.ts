import { trainingStats, type DbHandle, type Task, type TrainingStats } from '@foresight/db';
import {
  DEFAULT_CHURN_WINDOW_DAYS,
  MIN_EVAL_USERS,
  MIN_EVENT_SPAN_WINDOWS,
  MIN_FORECAST_POINTS,
  MIN_HISTORY_MONTHS,
  MIN_RECOMMEND_ITEMS,
  MIN_ROWS_PER_CLASS,
} from '@foresight/ml-core/requirements';
import { trainingJobs } from './definitions';

/** Whether a dataset holds enough to train a task; when not, why, in words a founder reads. */
export type Readiness = { ready: true } | { ready: false; reason: string };

/** A training job that could not succeed on this data was refused before it was queued. */
export class NotEnoughDataError extends Error {
  override name = 'NotEnoughDataError';
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function churnWindowDays(params: Record<string, unknown>): number {
  return typeof params.windowDays === 'number' ? params.windowDays : DEFAULT_CHURN_WINDOW_DAYS;
}

/**
 * What a task needs of a kind of data, in a founder's words ("at least 6 months of revenue and
 * expenses"): the minimums ml-core enforces, as `readinessOf` words them.
 */
export function taskMinimum(
  task: Task,
  kind: TrainingStats['kind'],
  params: Record<string, unknown> = {},
): string {
  switch (kind) {
    case 'market':
      return `at least ${MIN_FORECAST_POINTS} dated values per series to forecast and check itself`;
    case 'financials':
      return `at least ${MIN_HISTORY_MONTHS} months of revenue and expenses`;
    case 'customers':
      return `at least ${MIN_ROWS_PER_CLASS} customers who churned and ${MIN_ROWS_PER_CLASS} who stayed`;
    case 'events': {
      if (task === 'recommend')
        return (
          `at least ${MIN_EVAL_USERS} users who used two or more different items (one to learn ` +
          `from, one to check on)`
        );
      const window = churnWindowDays(params);
      return (
        `events over at least ${MIN_EVENT_SPAN_WINDOWS * window} days (history, then a ` +
        `${window}-day window to learn from and one to check on)`
      );
    }
  }
}

/** The task's minimums (the ones ml-core enforces) against the dataset's counts. */
export function readinessOf(
  task: Task,
  stats: TrainingStats,
  params: Record<string, unknown> = {},
): Readiness {
  const label = trainingJobs[task].label;
  const no = (why: string): Readiness => ({ ready: false, reason: `${label} needs ${why}.` });
  switch (stats.kind) {
    case 'market': {
      const shortest = stats.shortest;
      if (shortest === null)
        return no(`at least ${MIN_FORECAST_POINTS} dated values; there are none`);
      if (shortest.points >= MIN_FORECAST_POINTS) return { ready: true };
      const which = stats.series > 1 ? `series "${shortest.series}" has` : 'the file has';
      return no(`${taskMinimum(task, 'market')}; ${which} ${plural(shortest.points, 'value')}`);
    }
    case 'financials':
      return stats.periods >= MIN_HISTORY_MONTHS
        ? { ready: true }
        : no(`${taskMinimum(task, 'financials')}; the file has ${plural(stats.periods, 'month')}`);
    case 'customers':
      return customersReadiness(stats, no);
    case 'events':
      return task === 'recommend'
        ? recommendReadiness(stats, no)
        : eventChurnReadiness(stats, params, no);
  }
}

function customersReadiness(
  stats: Extract<TrainingStats, { kind: 'customers' }>,
  no: (why: string) => Readiness,
): Readiness {
  if (stats.label === null) return no('a column saying which customers churned');
  const counts = Object.entries(stats.labelCounts).sort((a, b) => b[1] - a[1]);
  const smallest = counts.at(-1);
  if (counts.length >= 2 && smallest !== undefined && smallest[1] >= MIN_ROWS_PER_CLASS)
    return { ready: true };
  const seen = counts.map(([value, n]) => `${plural(n, 'customer')} "${value}"`).join(', ');
  return no(
    `${taskMinimum('churn', 'customers')} in "${stats.label}"; the table has ` +
      (seen || 'no labelled customers'),
  );
}

function eventChurnReadiness(
  stats: Extract<TrainingStats, { kind: 'events' }>,
  params: Record<string, unknown>,
  no: (why: string) => Readiness,
): Readiness {
  const needed = MIN_EVENT_SPAN_WINDOWS * churnWindowDays(params);
  return stats.spanDays >= needed
    ? { ready: true }
    : no(
        `${taskMinimum('churn', 'events', params)}; this log spans ` +
          plural(Math.floor(stats.spanDays), 'day'),
      );
}

function recommendReadiness(
  stats: Extract<TrainingStats, { kind: 'events' }>,
  no: (why: string) => Readiness,
): Readiness {
  if (stats.items < MIN_RECOMMEND_ITEMS)
    return no(`at least ${MIN_RECOMMEND_ITEMS} different items; the log has ${stats.items}`);
  return stats.usersWithTwoItems >= MIN_EVAL_USERS
    ? { ready: true }
    : no(`${taskMinimum('recommend', 'events')}; the log has ${stats.usersWithTwoItems}`);
}

/** Readiness of a stored dataset for a task (organization-scoped; NOT_FOUND for another's). */
export async function taskReadiness(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  task: Task,
  params: Record<string, unknown> = {},
): Promise<Readiness> {
  return readinessOf(task, await trainingStats(db, organizationId, datasetId), params);
}

// The overview's per-user pass: one GROUP BY user over the rows, each user's aggregates unfolded
// into small tallies (kind, key, users, events, revenue) summed in the engine. The SQL pieces are
// shared by the read-time overview and the refresh's summary.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Grain } from '@foresight/db';
import { DAY_SQL, periodSql, selectRows } from './analytics-query';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

/** Rolling monthly actives: users active on any of the 28 days ending on a day. */
export const MAU_DAYS = 28;

/** floor(log2(m)) → index into ACTIVITY_BUCKETS, capped. */
export const BUCKET_SQL =
  'multiIf(m >= 64, 6, m >= 32, 5, m >= 16, 4, m >= 8, 3, m >= 4, 2, m >= 2, 1, 0)';

/** What a tally counts; its key is a day or period (days since 1970), a name hash or a bucket. */
export const ACTIVE = 0; // users active on the day
export const FIRST = 1; // users whose first day it is (filtered: whose first use is in the period)
export const MAU_CHANGE = 2; // +1 where a user's 28-day coverage starts, −1 the day after it ends
export const PERIOD_ACTIVE = 3; // users active in the week or month (filtered: doing the event in the period)
export const EVER = 4; // users who ever did the event
export const BUCKET = 5; // users with that many events in the range, and their events and revenue
export const WEEK_ACTIVE = 6; // summary: users active in the week (PERIOD_ACTIVE of the week grain)
export const MONTH_ACTIVE = 7; // summary: users active in the month

export interface Tally {
  kind: number;
  key: string;
  n: number;
  events: number;
  revenue: number;
}

export function tally(kind: number, key: string, n: string, events = '0', revenue = '0'): string {
  return `(toUInt8(${kind}), toUInt64(${key}), toInt64(${n}), toUInt64(${events}), toFloat64(${revenue}))`;
}

/** Each user's sorted active days and the starts and ends of their islands of activity. */
export const USER_DAYS = [
  `arraySort(arrayDistinct(groupArray(${DAY_SQL}))) AS days`,
  `arrayFilter((d, i) -> i = 1 OR d - days[i - 1] > ${MAU_DAYS}, days, arrayEnumerate(days)) AS starts`,
  `arrayFilter((d, i) -> i = length(days) OR days[i + 1] - d > ${MAU_DAYS}, days, arrayEnumerate(days)) AS ends`,
];
export const DAY_TALLIES = [
  `arrayMap(d -> ${tally(ACTIVE, 'd', '1')}, days)`,
  `[${tally(FIRST, 'days[1]', '1')}]`,
  `arrayMap(d -> ${tally(MAU_CHANGE, 'd', '1')}, starts)`,
  `arrayMap(d -> ${tally(MAU_CHANGE, `d + ${MAU_DAYS}`, '-1')}, ends)`,
];

/**
 * One pass grouped by user (over the rows that also match `where`): per-user `aggregates`,
 * unfolded into `tallies` and summed by kind and key.
 */
export function perUser(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  aggregates: string[],
  tallies: string[],
  params: Record<string, unknown> = {},
  where = '1',
): Promise<Tally[]> {
  return selectRows<Tally>(
    client,
    scope,
    `SELECT c.1 AS kind, toString(c.2) AS key, sum(c.3) AS n, sum(c.4) AS events, sum(c.5) AS revenue
     FROM (SELECT ${aggregates.join(', ')} FROM events WHERE ${SCOPE_SQL} AND ${where} GROUP BY user_id)
     ARRAY JOIN arrayConcat(${tallies.join(', ')}) AS c
     GROUP BY c.1, c.2
     ORDER BY c.1, c.2`,
    params,
  );
}

/** Every user's names ever done, and their events and revenue in range (of the event, if any). */
export function everAndDistribution(counted: string): { aggregates: string[]; tallies: string[] } {
  return {
    aggregates: [
      `groupUniqArrayIf(cityHash64(event_name), event_name IS NOT NULL) AS names`,
      `countIf(${counted}) AS m`,
      `sumIf(ifNull(value, 0), ${counted}) AS rev`,
    ],
    tallies: [
      `arrayMap(h -> ${tally(EVER, 'h', '1')}, names)`,
      `if(m > 0, [${tally(BUCKET, BUCKET_SQL, '1', 'm', 'rev')}], [])`,
    ],
  };
}

/** The event's users: the periods they did it in and the first, and their uses in range. */
export const EVENT_AGGREGATES = (period: (day: string) => string) => [
  `arrayDistinct(groupArrayIf(${period(DAY_SQL)}, event_name = {event:String})) AS event_periods`,
  `minIf(${DAY_SQL}, event_name = {event:String}) AS event_first`,
];
export const EVENT_TALLIES = (period: (day: string) => string) => [
  `arrayMap(p -> ${tally(PERIOD_ACTIVE, 'p', '1')}, event_periods)`,
  `if(length(event_periods) > 0, [${tally(FIRST, period('event_first'), '1')}], [])`,
];

export function periodTallies(grain: Grain, kind = PERIOD_ACTIVE): string {
  return `arrayMap(p -> ${tally(kind, 'p', '1')}, arrayDistinct(arrayMap(d -> ${periodSql(grain, 'd')}, days)))`;
}

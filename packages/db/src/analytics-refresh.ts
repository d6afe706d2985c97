import { DEFAULT_HORIZON_DAYS, featureCountsSql } from './analytics-features-sql';
import type pg from 'pg';
import type { DbHandle } from './client';

/** Memory for the refresh's sorts and aggregates (the server default, 4 MB, spills millions of rows). */
const REFRESH_WORK_MEM = '128MB';

/**
 * Each user's active days in (user, day) order, with the gaps to the previous and next active day
 * and whether the day starts a new ISO week or month for the user: one sort of the user-days
 * serves both the rolling actives and the users per week and month.
 */
const USER_DAY_MARKS_SQL = `
  CREATE TEMP TABLE user_day_marks ON COMMIT DROP AS
  SELECT user_id, day, day - lag(day) OVER w AS before, lead(day) OVER w - day AS after,
         date_trunc('week', day)::date AS week, date_trunc('month', day)::date AS month,
         date_trunc('week', day) IS DISTINCT FROM date_trunc('week', lag(day) OVER w) AS new_week,
         date_trunc('month', day) IS DISTINCT FROM date_trunc('month', lag(day) OVER w) AS new_month
  FROM analytics_user_days WHERE dataset_id = $1
  WINDOW w AS (PARTITION BY user_id ORDER BY day)`;

/**
 * Users active in a rolling window of 7 and of 28 days ending on each active day. A user's active
 * days split into islands (next active day at most `w` days later); an island covers its first
 * day to its last day + w − 1, so each user-day adds +1 where an island starts and −1 `w` days
 * after it ends, and a running sum over days counts the users covered.
 */
const ROLLING_ACTIVE_SQL = `
  WITH deltas AS (
    SELECT v.day, sum(v.w7) AS w7, sum(v.w28) AS w28
    FROM user_day_marks m CROSS JOIN LATERAL (VALUES
      (m.day, (before IS NULL OR before > 7)::int, (before IS NULL OR before > 28)::int),
      (m.day + 7, -(after IS NULL OR after > 7)::int, 0),
      (m.day + 28, 0, -(after IS NULL OR after > 28)::int)) AS v(day, w7, w28)
    WHERE v.w7 <> 0 OR v.w28 <> 0
    GROUP BY v.day),
  running AS (
    SELECT day, sum(w7) OVER (ORDER BY day) AS wau, sum(w28) OVER (ORDER BY day) AS mau
    FROM (SELECT day, sum(w7) AS w7, sum(w28) AS w28 FROM (
            SELECT day, w7, w28 FROM deltas
            UNION ALL
            SELECT period, 0, 0 FROM analytics_activity WHERE dataset_id = $1 AND grain = 'day') d
          GROUP BY day) per_day)
  UPDATE analytics_activity a SET wau = r.wau, mau = r.mau
  FROM running r WHERE a.dataset_id = $1 AND a.grain = 'day' AND r.day = a.period`;

/** floor(log2(events)) → events-per-user bucket index (ACTIVITY_BUCKETS), capped at the last. */
export const BUCKET_SQL = `CASE WHEN n >= 64 THEN 6 WHEN n >= 32 THEN 5 WHEN n >= 16 THEN 4 WHEN n >= 8 THEN 3
  WHEN n >= 4 THEN 2 WHEN n >= 2 THEN 1 ELSE 0 END`;

/** Per event and day, week and month: the users whose first use of the event falls in it. */
const EVENT_NEW_USERS_SQL = `
  UPDATE analytics_event_activity a SET new_users = f.users
  FROM (SELECT g.grain, d.event_name, date_trunc(g.grain, d.day)::date AS period, sum(d.users) AS users
        FROM (SELECT event_name, (first_at AT TIME ZONE 'UTC')::date AS day, count(*) AS users
              FROM analytics_user_events WHERE dataset_id = $1 GROUP BY 1, 2) d
        CROSS JOIN (VALUES ('day'), ('week'), ('month')) AS g(grain)
        GROUP BY 1, 2, 3) f
  WHERE a.dataset_id = $1 AND a.grain = f.grain AND a.event_name = f.event_name AND a.period = f.period`;

/** Users per events-per-user bucket over all the data: of every event ('') and of each event. */
const DISTRIBUTION_SQL = `
  INSERT INTO analytics_distribution (dataset_id, organization_id, event_name, bucket, users)
  SELECT $1, $2, event_name, ${BUCKET_SQL}, count(*)
  FROM (SELECT '' AS event_name, events AS n FROM analytics_users WHERE dataset_id = $1
        UNION ALL
        SELECT event_name, events FROM analytics_user_events WHERE dataset_id = $1) per_user
  GROUP BY 3, 4`;

/**
 * Each user's events, as their rank among the dataset's event names in name order (the 'all'
 * rows of analytics_event_activity), and the first time of each (epoch µs): one row per user, for
 * the funnels, in code order. Grouped by sorting in byte order (the ids' collation sorts several
 * times slower; a hash of array_agg states per user takes far more memory).
 */
const USER_FIRSTS_SQL = `
  INSERT INTO analytics_user_firsts (dataset_id, user_id, events, first_at_us)
  SELECT $1, user_id, array_agg(code), array_agg(first_at_us)
  FROM (SELECT e.user_id COLLATE "C" AS user_id, n.code,
               (extract(epoch FROM e.first_at) * 1000000)::bigint AS first_at_us
        FROM analytics_user_events e
        JOIN (SELECT event_name, row_number() OVER (ORDER BY event_name)::int AS code
              FROM analytics_event_activity WHERE dataset_id = $1 AND grain = 'all') n
          ON n.event_name = e.event_name
        WHERE e.dataset_id = $1 ORDER BY 1, 2) e
  GROUP BY user_id`;

/** The derived tables the event filter, the whole-range distribution and the funnels read. */
async function refreshPageRollups(client: pg.PoolClient, args: string[]): Promise<void> {
  await client.query(EVENT_NEW_USERS_SQL, [args[0]]);
  await client.query(DISTRIBUTION_SQL, args);
  await client.query('SET LOCAL enable_hashagg = off');
  await client.query(USER_FIRSTS_SQL, [args[0]]);
  await client.query('SET LOCAL enable_hashagg = DEFAULT');
}

/**
 * Rebuilds the derived behaviour-analytics tables of an events dataset from its base rollups
 * (analytics_users, analytics_user_days, analytics_user_event_days, analytics_user_events, which
 * every load keeps up to date), never from its events, in one transaction (readers see the old
 * tables until it commits): activity per day, week and month with rolling weekly and monthly
 * actives, the same per event name (with each period's first users of the event), retention
 * cohorts, the 30-day feature retention, the events-per-user distribution over all the data, and
 * each user's first time of every event (funnels). Days are UTC days.
 */
export async function refreshAnalytics(db: DbHandle, datasetId: string): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const dataset = await client.query<{ organization_id: string; kind: string }>(
      'SELECT organization_id, kind FROM datasets WHERE id = $1 FOR UPDATE',
      [datasetId],
    );
    const org = dataset.rows[0]?.organization_id;
    if (!org || dataset.rows[0]!.kind !== 'events') {
      await client.query('ROLLBACK');
      return;
    }
    await client.query(`SET LOCAL work_mem = '${REFRESH_WORK_MEM}'`);
    const args = [datasetId, org];
    for (const table of [
      'analytics_activity',
      'analytics_event_activity',
      'analytics_retention',
      'analytics_features',
      'analytics_distribution',
      'analytics_user_firsts',
    ]) {
      await client.query(`DELETE FROM ${table} WHERE dataset_id = $1`, [datasetId]);
    }
    await client.query(USER_DAY_MARKS_SQL, [datasetId]);
    // Each user's active ISO weeks and months (activity and retention count users per period).
    await client.query(
      `CREATE TEMP TABLE user_periods ON COMMIT DROP AS
       SELECT 'week' AS grain, week AS period, user_id FROM user_day_marks WHERE new_week
       UNION ALL
       SELECT 'month', month, user_id FROM user_day_marks WHERE new_month`,
    );
    await client.query(
      `INSERT INTO analytics_activity (dataset_id, organization_id, grain, period, active_users, new_users, events, revenue)
       SELECT $1, $2, 'day', d.day, d.active, coalesce(n.users, 0), d.events, d.revenue
       FROM (SELECT day, count(*) AS active, sum(events) AS events, sum(revenue) AS revenue
             FROM analytics_user_days WHERE dataset_id = $1 GROUP BY day) d
       LEFT JOIN (SELECT first_day, count(*) AS users FROM analytics_users WHERE dataset_id = $1
                  GROUP BY first_day) n ON n.first_day = d.day`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_activity (dataset_id, organization_id, grain, period, active_users, new_users, events, revenue)
       SELECT $1, $2, a.grain, a.period, a.active, coalesce(n.users, 0), s.events, s.revenue
       FROM (SELECT grain, period, count(*) AS active FROM user_periods GROUP BY 1, 2) a
       JOIN (SELECT g.grain, date_trunc(g.grain, period)::date AS period, sum(events) AS events, sum(revenue) AS revenue
             FROM analytics_activity CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
             WHERE dataset_id = $1 AND analytics_activity.grain = 'day' GROUP BY 1, 2) s
         ON s.grain = a.grain AND s.period = a.period
       LEFT JOIN (SELECT g.grain, date_trunc(g.grain, first_day)::date AS period, count(*) AS users
                  FROM analytics_users CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
                  WHERE dataset_id = $1 GROUP BY 1, 2) n ON n.grain = a.grain AND n.period = a.period`,
      args,
    );
    await client.query(ROLLING_ACTIVE_SQL, [datasetId]);
    await client.query(
      `INSERT INTO analytics_event_activity (dataset_id, organization_id, grain, period, event_name, active_users, events, revenue)
       SELECT $1, $2, 'day', day, event_name, count(*), sum(events), sum(revenue)
       FROM analytics_user_event_days WHERE dataset_id = $1 GROUP BY event_name, day`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_event_activity (dataset_id, organization_id, grain, period, event_name, active_users, events, revenue)
       SELECT $1, $2, a.grain, a.period, a.event_name, a.active, s.events, s.revenue
       FROM (SELECT grain, period, event_name, count(*) AS active FROM (
               SELECT g.grain, date_trunc(g.grain, d.day)::date AS period, d.event_name, d.user_id
               FROM analytics_user_event_days d CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
               WHERE d.dataset_id = $1 GROUP BY 1, 2, 3, 4) u
             GROUP BY 1, 2, 3) a
       JOIN (SELECT g.grain, date_trunc(g.grain, e.period)::date AS period, e.event_name,
                    sum(e.events) AS events, sum(e.revenue) AS revenue
             FROM analytics_event_activity e CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
             WHERE e.dataset_id = $1 AND e.grain = 'day' GROUP BY 1, 2, 3) s
         ON s.grain = a.grain AND s.period = a.period AND s.event_name = a.event_name`,
      args,
    );
    // Every user who ever did each event (the event list and its users).
    await client.query(
      `INSERT INTO analytics_event_activity (dataset_id, organization_id, grain, period, event_name, active_users, new_users, events, revenue)
       SELECT $1, $2, 'all', DATE '1970-01-01', event_name, count(*), count(*), sum(events), 0
       FROM analytics_user_events WHERE dataset_id = $1 GROUP BY event_name`,
      args,
    );
    await refreshPageRollups(client, args);
    await client.query(
      `INSERT INTO analytics_retention (dataset_id, organization_id, grain, cohort, period, users)
       SELECT $1, $2, p.grain, date_trunc(p.grain, u.first_day)::date AS cohort,
              CASE p.grain
                WHEN 'week' THEN (p.period - date_trunc('week', u.first_day)::date) / 7
                ELSE (extract(year FROM p.period) * 12 + extract(month FROM p.period))::int
                   - (extract(year FROM u.first_day) * 12 + extract(month FROM u.first_day))::int
              END AS period,
              count(*)
       FROM user_periods p JOIN analytics_users u ON u.dataset_id = $1 AND u.user_id = p.user_id
       GROUP BY p.grain, cohort, 5`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_features (dataset_id, organization_id, horizon_days, event_name, users, retained)
       SELECT $1, $2, ${DEFAULT_HORIZON_DAYS}, coalesce(event, ''), n, retained
       FROM (${featureCountsSql('$1', String(DEFAULT_HORIZON_DAYS))}) f`,
      args,
    );
    await client.query('UPDATE datasets SET analytics_refreshed_at = now() WHERE id = $1', [
      datasetId,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

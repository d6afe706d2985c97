import { DEFAULT_HORIZON_DAYS, featureCountsSql } from './analytics-features-sql';
import type { DbHandle } from './client';

const GRAINS = `(VALUES ('day'), ('week'), ('month')) AS g(grain)`;

/** Users active in a rolling window of `days` days ending on each day (islands of activity). */
function rollingActiveSql(days: number, column: 'wau' | 'mau'): string {
  return `
    WITH marked AS (
      SELECT user_id, day,
             CASE WHEN day - lag(day) OVER (PARTITION BY user_id ORDER BY day) <= ${days} THEN 0 ELSE 1 END AS brk
      FROM ud),
    islands AS (SELECT user_id, day, sum(brk) OVER (PARTITION BY user_id ORDER BY day) AS island FROM marked),
    covered AS MATERIALIZED (SELECT min(day) AS first, max(day) + ${days - 1} AS last FROM islands GROUP BY user_id, island),
    deltas AS (SELECT first AS day, 1 AS change FROM covered UNION ALL SELECT last + 1, -1 FROM covered),
    per_day AS (SELECT day, sum(change) AS change FROM deltas GROUP BY day),
    running AS MATERIALIZED (SELECT day, sum(change) OVER (ORDER BY day) AS users FROM per_day)
    UPDATE analytics_activity a SET ${column} = (
      SELECT r.users FROM running r WHERE r.day <= a.period ORDER BY r.day DESC LIMIT 1)
    WHERE a.dataset_id = $1 AND a.grain = 'day'`;
}

/**
 * Rebuilds the behaviour-analytics aggregates of an events dataset from its rows, in one
 * transaction (readers see the old aggregates until it commits): users, activity per day, week
 * and month with rolling weekly and monthly actives, the same per event name, retention cohorts,
 * and each user's first use of each event. Days are UTC days.
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
    const args = [datasetId, org];
    for (const table of [
      'analytics_users',
      'analytics_activity',
      'analytics_event_activity',
      'analytics_retention',
      'analytics_user_events',
      'analytics_features',
    ]) {
      await client.query(`DELETE FROM ${table} WHERE dataset_id = $1`, [datasetId]);
    }
    await client.query(
      `CREATE TEMP TABLE ud ON COMMIT DROP AS
       SELECT user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS events,
              coalesce(sum(value), 0)::float8 AS revenue
       FROM events WHERE dataset_id = $1 GROUP BY 1, 2`,
      [datasetId],
    );
    await client.query(
      `CREATE TEMP TABLE eud ON COMMIT DROP AS
       SELECT user_id, event_name, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS events,
              coalesce(sum(value), 0)::float8 AS revenue
       FROM events WHERE dataset_id = $1 AND event_name IS NOT NULL GROUP BY 1, 2, 3`,
      [datasetId],
    );
    await client.query(
      `INSERT INTO analytics_users (dataset_id, organization_id, user_id, first_day, last_day, events, active_days)
       SELECT $1, $2, user_id, min(day), max(day), sum(events), count(*) FROM ud GROUP BY user_id`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_activity (dataset_id, organization_id, grain, period, active_users, new_users, events, revenue)
       SELECT $1, $2, g.grain, date_trunc(g.grain, ud.day)::date AS period,
              count(DISTINCT ud.user_id),
              count(DISTINCT ud.user_id) FILTER (WHERE date_trunc(g.grain, u.first_day) = date_trunc(g.grain, ud.day)),
              sum(ud.events), sum(ud.revenue)
       FROM ud JOIN analytics_users u ON u.dataset_id = $1 AND u.user_id = ud.user_id
       CROSS JOIN ${GRAINS}
       GROUP BY g.grain, period`,
      args,
    );
    await client.query(rollingActiveSql(7, 'wau'), [datasetId]);
    await client.query(rollingActiveSql(28, 'mau'), [datasetId]);
    await client.query(
      `INSERT INTO analytics_event_activity (dataset_id, organization_id, grain, period, event_name, active_users, events, revenue)
       SELECT $1, $2, g.grain, date_trunc(g.grain, day)::date AS period, event_name,
              count(DISTINCT user_id), sum(events), sum(revenue)
       FROM eud CROSS JOIN ${GRAINS}
       GROUP BY g.grain, period, event_name`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_retention (dataset_id, organization_id, grain, cohort, period, users)
       SELECT $1, $2, g.grain, date_trunc(g.grain, u.first_day)::date AS cohort,
              CASE g.grain
                WHEN 'week' THEN (date_trunc('week', ud.day)::date - date_trunc('week', u.first_day)::date) / 7
                ELSE (extract(year FROM ud.day) * 12 + extract(month FROM ud.day))::int
                   - (extract(year FROM u.first_day) * 12 + extract(month FROM u.first_day))::int
              END AS period,
              count(DISTINCT ud.user_id)
       FROM ud JOIN analytics_users u ON u.dataset_id = $1 AND u.user_id = ud.user_id
       CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
       GROUP BY g.grain, cohort, period`,
      args,
    );
    await client.query(
      `INSERT INTO analytics_user_events (dataset_id, organization_id, event_name, user_id, first_at, events)
       SELECT $1, $2, event_name, user_id, min(occurred_at), count(*)
       FROM events WHERE dataset_id = $1 AND event_name IS NOT NULL GROUP BY event_name, user_id`,
      args,
    );
    // Every user who ever did each event (the event list and its users).
    await client.query(
      `INSERT INTO analytics_event_activity (dataset_id, organization_id, grain, period, event_name, active_users, events, revenue)
       SELECT $1, $2, 'all', DATE '1970-01-01', event_name, count(*), sum(events), 0
       FROM analytics_user_events WHERE dataset_id = $1 GROUP BY event_name`,
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

/** The feature-retention horizon precomputed after every load. */
export const DEFAULT_HORIZON_DAYS = 30;

/**
 * Eligible users (first active at least `horizon` days before the end of the data) and how many
 * were retained (still active `horizon` or more days after their first day), in total (event
 * NULL) and among each event's adopters (used it within their first `horizon` days).
 */
export function featureCountsSql(dataset: string, horizon: string): string {
  return `WITH bounds AS (
       SELECT max(last_day) AS end_day FROM analytics_users WHERE dataset_id = ${dataset}),
     eligible AS (
       SELECT u.user_id, u.first_day, u.last_day >= u.first_day + ${horizon}::int AS retained
       FROM analytics_users u, bounds
       WHERE u.dataset_id = ${dataset} AND u.first_day <= bounds.end_day - ${horizon}::int)
     SELECT NULL::text AS event, count(*)::int AS n, count(*) FILTER (WHERE retained)::int AS retained FROM eligible
     UNION ALL
     SELECT e.event_name, count(*)::int, count(*) FILTER (WHERE el.retained)::int
     FROM analytics_user_events e JOIN eligible el ON el.user_id = e.user_id
     WHERE e.dataset_id = ${dataset}
       AND (e.first_at AT TIME ZONE 'UTC')::date < el.first_day + ${horizon}::int
     GROUP BY e.event_name`;
}

-- What the event-filtered overview and the funnel used to count per user on every request, now
-- rebuilt by refreshAnalytics (from the base rollups, like the other derived tables):
--   analytics_event_activity.new_users  users whose first use of the event falls in the period
--   analytics_distribution              users per events-per-user bucket over all the data, for
--                                       every event ('' = all events)
--   analytics_user_firsts               one row per user: the events they did, as their rank
--                                       (1, 2 …) among the dataset's event names in name order,
--                                       and the first time of each (epoch microseconds), so a
--                                       funnel reads one narrow row per user instead of joining a
--                                       per-user-event row per step
-- analytics_user_firsts has a row per user: no foreign key and no organization (as for the base
-- rollups, a per-row check costs as much as the insert); the datasets AFTER DELETE trigger
-- removes it.

ALTER TABLE "analytics_event_activity" ADD COLUMN "new_users" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "analytics_distribution" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "users" INTEGER NOT NULL,
    CONSTRAINT "analytics_distribution_pkey" PRIMARY KEY ("dataset_id", "event_name", "bucket")
);
ALTER TABLE "analytics_distribution" ADD CONSTRAINT "analytics_distribution_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "analytics_user_firsts" (
    "dataset_id" UUID NOT NULL,
    -- Byte order: the refresh inserts the rows in this order, and compares them cheaply.
    "user_id" TEXT COLLATE "C" NOT NULL,
    "events" INTEGER[] NOT NULL,
    "first_at_us" BIGINT[] NOT NULL,
    CONSTRAINT "analytics_user_firsts_pkey" PRIMARY KEY ("dataset_id", "user_id")
);

CREATE OR REPLACE FUNCTION "delete_dataset_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "events" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_days" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_event_days" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_events" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_firsts" WHERE "dataset_id" = OLD."id";
  RETURN OLD;
END;
$$;

-- Datasets refreshed before this migration: the same as their next refresh will compute.
UPDATE "analytics_event_activity" a SET "new_users" = f."users"
FROM (
  SELECT "dataset_id", g."grain", "event_name", date_trunc(g."grain", "day")::date AS "period", sum("users") AS "users"
  FROM (SELECT "dataset_id", "event_name", ("first_at" AT TIME ZONE 'UTC')::date AS "day", count(*) AS "users"
        FROM "analytics_user_events" GROUP BY 1, 2, 3) d
  CROSS JOIN (VALUES ('day'), ('week'), ('month')) AS g("grain")
  GROUP BY 1, 2, 3, 4) f
WHERE a."dataset_id" = f."dataset_id" AND a."grain" = f."grain" AND a."event_name" = f."event_name" AND a."period" = f."period";
UPDATE "analytics_event_activity" SET "new_users" = "active_users" WHERE "grain" = 'all';

INSERT INTO "analytics_distribution" ("dataset_id", "organization_id", "event_name", "bucket", "users")
SELECT "dataset_id", min("organization_id"), "event_name",
       CASE WHEN n >= 64 THEN 6 WHEN n >= 32 THEN 5 WHEN n >= 16 THEN 4 WHEN n >= 8 THEN 3
            WHEN n >= 4 THEN 2 WHEN n >= 2 THEN 1 ELSE 0 END,
       count(*)
FROM (SELECT "dataset_id", "organization_id", '' AS "event_name", "events" AS n FROM "analytics_users"
      UNION ALL
      SELECT "dataset_id", "organization_id", "event_name", "events" FROM "analytics_user_events") x
GROUP BY 1, 3, 4;

INSERT INTO "analytics_user_firsts" ("dataset_id", "user_id", "events", "first_at_us")
SELECT "dataset_id", "user_id", array_agg("code"), array_agg("first_at_us")
FROM (SELECT e."dataset_id", e."user_id", n."code", (extract(epoch FROM e."first_at") * 1000000)::bigint AS "first_at_us"
      FROM "analytics_user_events" e
      JOIN (SELECT "dataset_id", "event_name", rank() OVER (PARTITION BY "dataset_id" ORDER BY "event_name")::int AS "code"
            FROM "analytics_user_events" GROUP BY 1, 2) n ON n."dataset_id" = e."dataset_id" AND n."event_name" = e."event_name"
      ORDER BY 1, 2, 3) e
GROUP BY "dataset_id", "user_id";

-- Events partitioned by month, and the base rollups every load keeps up to date.
--
-- `events` becomes a table partitioned by RANGE on occurred_at: one partition per UTC month
-- (events_pYYYY_MM), created on demand by the loader through ensure_events_partitions(), plus a
-- DEFAULT partition as a safety net for timestamps outside 1900..2199 (no partition is ever made
-- for those, so the default never holds rows of a month that gets a partition later). Reads that
-- name a time range only open the months it covers; a BRIN index on occurred_at narrows a range
-- within a month (each load inserts its rows in time order), and the btree on
-- (dataset_id, user_id, occurred_at) serves the per-user reads. The primary key must include the
-- partition key: (id, occurred_at).
--
-- Rollups maintained incrementally by each load, from that load's rows only:
--   analytics_users            per user: first/last day, events, active days (existing table)
--   analytics_user_days        per user and UTC day: events, revenue
--   analytics_user_event_days  per user, event name and UTC day: events, revenue
--   analytics_user_events      per user and event name: first time, events (existing table)
-- refreshAnalytics then rebuilds the derived tables (activity, event activity, retention,
-- features) from these, never from `events`. Like `events`, the big rollups carry no foreign key
-- (a per-row check against datasets costs as much as the insert); the datasets AFTER DELETE
-- trigger removes them with the events.

-- ---------- events, partitioned ----------

ALTER TABLE "events" RENAME TO "events_unpartitioned";
ALTER TABLE "events_unpartitioned" RENAME CONSTRAINT "events_pkey" TO "events_unpartitioned_pkey";
ALTER INDEX "events_dataset_id_user_id_occurred_at_idx" RENAME TO "events_unpartitioned_dataset_id_user_id_occurred_at_idx";
-- The id sequence outlives the old table.
ALTER SEQUENCE "events_id_seq" OWNED BY NONE;

CREATE TABLE "events" (
    "id" BIGINT NOT NULL DEFAULT nextval('events_id_seq'),
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "event_name" TEXT,
    "item_id" TEXT,
    "value" DOUBLE PRECISION,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id", "occurred_at")
) PARTITION BY RANGE ("occurred_at");

ALTER SEQUENCE "events_id_seq" OWNED BY "events"."id";

CREATE INDEX "events_dataset_id_user_id_occurred_at_idx" ON "events"("dataset_id", "user_id", "occurred_at");
CREATE INDEX "events_occurred_at_idx" ON "events" USING BRIN ("occurred_at");

CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;

-- Creates the monthly partitions of these months (any day of the month) that do not exist yet.
-- A new partition is made as a plain table and attached, which locks the parent only against
-- other attaches (SHARE UPDATE EXCLUSIVE), not against reads or inserts; it does lock the
-- default partition until the transaction ends. An advisory lock serialises concurrent creators,
-- and the second one then finds the first one's partitions.
CREATE FUNCTION "ensure_events_partitions"(months DATE[]) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  m DATE;
  part TEXT;
  locked BOOLEAN := false;
  created INTEGER := 0;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', x)::date FROM unnest(months) AS x ORDER BY 1 LOOP
    CONTINUE WHEN m < DATE '1900-01-01' OR m >= DATE '2200-01-01';
    part := 'events_p' || to_char(m, 'YYYY_MM');
    -- A query on pg_class (not the cached to_regclass) sees a partition committed meanwhile.
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class WHERE relname = part AND relnamespace = current_schema()::regnamespace);
    IF NOT locked THEN
      PERFORM pg_advisory_xact_lock(hashtext('ensure_events_partitions'));
      locked := true;
      CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class WHERE relname = part AND relnamespace = current_schema()::regnamespace);
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE "events")', part);
    EXECUTE format(
      'ALTER TABLE "events" ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
      part,
      (m::timestamp AT TIME ZONE 'UTC'),
      ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    created := created + 1;
  END LOOP;
  RETURN created;
END;
$$;

SELECT "ensure_events_partitions"(array_agg(DISTINCT date_trunc('month', "occurred_at" AT TIME ZONE 'UTC')::date))
FROM "events_unpartitioned";

-- In time order, as the loader inserts them (what makes the BRIN index selective).
INSERT INTO "events" ("id", "dataset_id", "organization_id", "user_id", "occurred_at", "event_name", "item_id", "value")
SELECT "id", "dataset_id", "organization_id", "user_id", "occurred_at", "event_name", "item_id", "value"
FROM "events_unpartitioned" ORDER BY "occurred_at", "id";

DROP TABLE "events_unpartitioned";

-- ---------- base rollups ----------

-- Per user and UTC day (ordered by day first: a date range of a dataset is one index range).
CREATE TABLE "analytics_user_days" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "user_id" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "analytics_user_days_pkey" PRIMARY KEY ("dataset_id", "day", "user_id")
);

-- Per user, event name and UTC day (events without a name are only in analytics_user_days). Keyed
-- day first, like analytics_user_days: a load inserts in key order, and a date range is one range.
CREATE TABLE "analytics_user_event_days" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "user_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "analytics_user_event_days_pkey" PRIMARY KEY ("dataset_id", "day", "user_id", "event_name")
);

-- analytics_user_events takes a row per user and event name on every load: no foreign key either.
ALTER TABLE "analytics_user_events" DROP CONSTRAINT "analytics_user_events_dataset_id_fkey";

CREATE OR REPLACE FUNCTION "delete_dataset_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "events" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_days" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_event_days" WHERE "dataset_id" = OLD."id";
  DELETE FROM "analytics_user_events" WHERE "dataset_id" = OLD."id";
  RETURN OLD;
END;
$$;

-- Existing events datasets: their base rollups from their rows (later loads keep them up to date).
INSERT INTO "analytics_user_days" ("dataset_id", "organization_id", "day", "user_id", "events", "revenue")
SELECT "dataset_id", min("organization_id"), ("occurred_at" AT TIME ZONE 'UTC')::date, "user_id",
       count(*), coalesce(sum("value"), 0)
FROM "events" GROUP BY "dataset_id", 3, "user_id";

INSERT INTO "analytics_user_event_days" ("dataset_id", "organization_id", "day", "user_id", "event_name", "events", "revenue")
SELECT "dataset_id", min("organization_id"), ("occurred_at" AT TIME ZONE 'UTC')::date, "user_id", "event_name",
       count(*), coalesce(sum("value"), 0)
FROM "events" WHERE "event_name" IS NOT NULL GROUP BY "dataset_id", 3, "user_id", "event_name";

DELETE FROM "analytics_users";
INSERT INTO "analytics_users" ("dataset_id", "organization_id", "user_id", "first_day", "last_day", "events", "active_days")
SELECT "dataset_id", min("organization_id"), "user_id", min("day"), max("day"), sum("events"), count(*)
FROM "analytics_user_days" GROUP BY "dataset_id", "user_id";

DELETE FROM "analytics_user_events";
INSERT INTO "analytics_user_events" ("dataset_id", "organization_id", "event_name", "user_id", "first_at", "events")
SELECT "dataset_id", min("organization_id"), "event_name", "user_id", min("occurred_at"), count(*)
FROM "events" WHERE "event_name" IS NOT NULL GROUP BY "dataset_id", "event_name", "user_id";

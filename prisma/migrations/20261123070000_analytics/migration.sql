-- Behaviour analytics: per-dataset aggregates of an events dataset, rebuilt after every load by
-- the trainer's `refreshAnalytics` job, so dashboard queries read thousands of rows, not millions.

-- When the aggregates were last rebuilt (NULL: never / being rebuilt after a load).
ALTER TABLE "datasets" ADD COLUMN "analytics_refreshed_at" TIMESTAMPTZ(6);

-- One row per user: first and last active day, events, active days, revenue.
CREATE TABLE "analytics_users" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "first_day" DATE NOT NULL,
    "last_day" DATE NOT NULL,
    "events" INTEGER NOT NULL,
    "active_days" INTEGER NOT NULL,
    CONSTRAINT "analytics_users_pkey" PRIMARY KEY ("dataset_id", "user_id")
);

-- Active users, new users, events and revenue per day, ISO week or month; rolling 7- and 28-day
-- active users per day.
CREATE TABLE "analytics_activity" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "active_users" INTEGER NOT NULL,
    "new_users" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    "wau" INTEGER,
    "mau" INTEGER,
    CONSTRAINT "analytics_activity_pkey" PRIMARY KEY ("dataset_id", "grain", "period")
);

-- The same per event name (for the event filter and event volume).
CREATE TABLE "analytics_event_activity" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "event_name" TEXT NOT NULL,
    "active_users" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "analytics_event_activity_pkey" PRIMARY KEY ("dataset_id", "grain", "event_name", "period")
);

-- Cohorts by first active week or month: users active `period` periods later.
CREATE TABLE "analytics_retention" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "cohort" DATE NOT NULL,
    "period" INTEGER NOT NULL,
    "users" INTEGER NOT NULL,
    CONSTRAINT "analytics_retention_pkey" PRIMARY KEY ("dataset_id", "grain", "cohort", "period")
);

-- Each user's first use of each event (feature adoption, funnels, "never used" filters).
CREATE TABLE "analytics_user_events" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "first_at" TIMESTAMPTZ(6) NOT NULL,
    "events" INTEGER NOT NULL,
    CONSTRAINT "analytics_user_events_pkey" PRIMARY KEY ("dataset_id", "event_name", "user_id")
);

ALTER TABLE "analytics_users" ADD CONSTRAINT "analytics_users_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "analytics_activity" ADD CONSTRAINT "analytics_activity_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "analytics_event_activity" ADD CONSTRAINT "analytics_event_activity_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "analytics_retention" ADD CONSTRAINT "analytics_retention_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "analytics_user_events" ADD CONSTRAINT "analytics_user_events_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A ClickHouse events dataset's analytics summary: what its Behaviour and Features pages read
-- without a custom range (tallies per day and period, cohorts, feature counts), computed by each
-- refresh, with the committed loads it was computed from (stale once they change).
-- AlterTable
ALTER TABLE "datasets" ADD COLUMN "event_summary" JSONB;

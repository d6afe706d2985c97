-- Feature adoption vs retention at the default 30-day horizon, precomputed with the other
-- behaviour aggregates (other horizons are computed on request). The totals row has event_name ''.
CREATE TABLE "analytics_features" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "horizon_days" INTEGER NOT NULL,
    "event_name" TEXT NOT NULL,
    "users" INTEGER NOT NULL,
    "retained" INTEGER NOT NULL,
    CONSTRAINT "analytics_features_pkey" PRIMARY KEY ("dataset_id", "horizon_days", "event_name")
);

ALTER TABLE "analytics_features" ADD CONSTRAINT "analytics_features_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Job lifecycle: why a job ran, its timeline, per-epoch curve, cancellation, the queue job
-- running it, and the trainer's memory.
ALTER TABLE "training_jobs"
  ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'manual',
  ADD COLUMN "timeline" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "curve" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "cancel_requested_at" TIMESTAMPTZ(6),
  ADD COLUMN "queue_job_id" TEXT,
  ADD COLUMN "peak_rss_mb" INTEGER;

-- At most one queued and one running job per dataset and task (older duplicates are cancelled).
UPDATE "training_jobs" j SET "status" = 'cancelled', "finished_at" = now(), "error" = 'Superseded by a newer request'
WHERE j."status" IN ('queued', 'running')
  AND EXISTS (SELECT 1 FROM "training_jobs" n
              WHERE n."dataset_id" = j."dataset_id" AND n."task" = j."task" AND n."status" = j."status"
                AND n."created_at" > j."created_at");

CREATE UNIQUE INDEX "training_jobs_one_queued_idx" ON "training_jobs"("dataset_id", "task") WHERE "status" = 'queued';
CREATE UNIQUE INDEX "training_jobs_one_running_idx" ON "training_jobs"("dataset_id", "task") WHERE "status" = 'running';

-- Scheduled retraining per dataset: 'daily' | 'weekly' | NULL.
ALTER TABLE "datasets"
  ADD COLUMN "retrain_schedule" TEXT,
  ADD COLUMN "retrain_queued_at" TIMESTAMPTZ(6);

-- A pinned model version is what the pages and the API show instead of the newest.
ALTER TABLE "models" ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX "models_one_pinned_idx" ON "models"("dataset_id", "task") WHERE "pinned";

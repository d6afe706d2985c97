-- Imports run as queue jobs in the trainer. The confirmed mapping travels with the upload (the
-- job payload only names the upload); each run of the job is an attempt, fenced so a superseded
-- attempt can neither report progress nor store; the worker id lets a restarted trainer resume
-- at once the import its dead predecessor was running; finished_at marks the follow-ups (training
-- queued, profile built) done after the rows were stored.
-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "import_request" JSONB,
ADD COLUMN     "import_attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "queue_job_id" TEXT,
ADD COLUMN     "worker_id" TEXT,
ADD COLUMN     "finished_at" TIMESTAMPTZ(6);

-- Uploads stored before this migration had their follow-ups run in the same request.
UPDATE "uploads" SET "finished_at" = "updated_at" WHERE "status" = 'stored';

-- CreateIndex
CREATE INDEX "uploads_worker_id_idx" ON "uploads"("worker_id");

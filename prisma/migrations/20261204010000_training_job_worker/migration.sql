-- The trainer process running a job (its FORESIGHT_WORKER_ID, or host:pid:random): when a
-- supervisor sees that process die, its running jobs are marked lost and resumed at once by the
-- restarted trainer, instead of waiting for the queue's heartbeat timeout.
-- AlterTable
ALTER TABLE "training_jobs" ADD COLUMN     "worker_id" TEXT;

-- CreateIndex
CREATE INDEX "training_jobs_worker_id_idx" ON "training_jobs"("worker_id");

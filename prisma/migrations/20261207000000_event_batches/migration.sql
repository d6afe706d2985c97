-- Where an events dataset's rows live (PostgreSQL's `events` table, or a ClickHouse engine), what
-- the tasks' minimums count of them (stored at each load), and the loads committed into it. A ClickHouse reader counts only rows whose load id is listed here:
-- the list is written in the import's PostgreSQL transaction, so a retried, superseded or
-- abandoned import's rows are never visible, exactly once without a distributed transaction.
-- AlterTable
ALTER TABLE "datasets" ADD COLUMN "events_engine" TEXT NOT NULL DEFAULT 'postgres',
ADD COLUMN "event_stats" JSONB;

-- CreateTable
CREATE TABLE "event_batches" (
    "id" TEXT NOT NULL,
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_batches_dataset_id_idx" ON "event_batches"("dataset_id");

-- AddForeignKey
ALTER TABLE "event_batches" ADD CONSTRAINT "event_batches_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

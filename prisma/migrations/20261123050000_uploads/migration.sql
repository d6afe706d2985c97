-- CreateEnum
CREATE TYPE "upload_status" AS ENUM ('receiving', 'staged', 'processing', 'stored', 'rejected', 'failed');

-- CreateTable
CREATE TABLE "uploads" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" TEXT NOT NULL,
    "created_by_id" TEXT,
    "file_name" TEXT NOT NULL,
    "declared_bytes" BIGINT NOT NULL,
    "size_bytes" BIGINT,
    "storage_key" TEXT NOT NULL,
    "status" "upload_status" NOT NULL DEFAULT 'receiving',
    "detection" JSONB,
    "kind" "dataset_kind",
    "mode" TEXT,
    "dataset_id" UUID,
    "bytes_processed" BIGINT NOT NULL DEFAULT 0,
    "rows_processed" INTEGER NOT NULL DEFAULT 0,
    "rows_stored" INTEGER,
    "rows_skipped" INTEGER,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "problem_count" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "job_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "uploads_organization_id_created_at_idx" ON "uploads"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "uploads_dataset_id_idx" ON "uploads"("dataset_id");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable: per-column summaries computed after every load
ALTER TABLE "datasets" ADD COLUMN "profile" JSONB;

-- Events are the one table that takes millions of rows per upload. A foreign key makes COPY
-- check every row against datasets (measured: 11.7 s instead of 7.3 s for 1M rows), so the
-- events of a deleted dataset are removed by a trigger instead; rows only ever enter through
-- the loader, inside the transaction that creates or locks their dataset.
ALTER TABLE "events" DROP CONSTRAINT "events_dataset_id_fkey";

CREATE FUNCTION "delete_dataset_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "events" WHERE "dataset_id" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "datasets_delete_events" AFTER DELETE ON "datasets"
  FOR EACH ROW EXECUTE FUNCTION "delete_dataset_events"();

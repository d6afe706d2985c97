-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "event_name" TEXT,
    "item_id" TEXT,
    "value" DOUBLE PRECISION,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_records" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "row_number" INTEGER NOT NULL,
    "record_id" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,

    CONSTRAINT "customer_records_pkey" PRIMARY KEY ("dataset_id","row_number")
);

-- CreateTable
CREATE TABLE "churn_scores" (
    "model_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "drivers" JSONB NOT NULL,

    CONSTRAINT "churn_scores_pkey" PRIMARY KEY ("model_id","entity_id")
);

-- CreateTable
CREATE TABLE "recommendations" (
    "model_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "item_id" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "recommendations_pkey" PRIMARY KEY ("model_id","user_id","rank")
);

-- CreateTable
CREATE TABLE "similar_items" (
    "model_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "similar_item_id" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "similar_items_pkey" PRIMARY KEY ("model_id","item_id","rank")
);

-- CreateIndex
CREATE INDEX "events_dataset_id_user_id_occurred_at_idx" ON "events"("dataset_id", "user_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "customer_records_dataset_id_record_id_key" ON "customer_records"("dataset_id", "record_id");

-- CreateIndex
CREATE INDEX "churn_scores_model_id_rank_idx" ON "churn_scores"("model_id", "rank");

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_records" ADD CONSTRAINT "customer_records_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "churn_scores" ADD CONSTRAINT "churn_scores_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "similar_items" ADD CONSTRAINT "similar_items_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "financial_periods" (
    "dataset_id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    "expenses" DOUBLE PRECISION NOT NULL,
    "cash" DOUBLE PRECISION,

    CONSTRAINT "financial_periods_pkey" PRIMARY KEY ("dataset_id","date")
);

-- AddForeignKey
ALTER TABLE "financial_periods" ADD CONSTRAINT "financial_periods_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

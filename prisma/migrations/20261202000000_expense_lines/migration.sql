-- The cost lines of each financial period ({"payroll": 123.4, "hosting": 56.7}) when the upload
-- has several cost columns, so the runway simulation can forecast each line on its own.
-- AlterTable
ALTER TABLE "financial_periods" ADD COLUMN     "expense_lines" JSONB;

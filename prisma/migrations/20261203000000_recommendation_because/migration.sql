-- "Because you used X": the item of the user's history that contributed most to a recommended
-- item's score, when the chosen model can say (item-kNN, RP3beta, EASE, ALS); null for popularity,
-- cold users and models stored before this column.
-- AlterTable
ALTER TABLE "recommendations" ADD COLUMN     "because_item_id" TEXT;

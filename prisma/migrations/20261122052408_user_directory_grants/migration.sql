-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "directory_grants" JSONB NOT NULL DEFAULT '[]';

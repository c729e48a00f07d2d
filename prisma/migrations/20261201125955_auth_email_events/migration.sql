-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuthEventType" ADD VALUE 'EMAIL_VERIFIED';
ALTER TYPE "AuthEventType" ADD VALUE 'EMAIL_CHANGED';
ALTER TYPE "AuthEventType" ADD VALUE 'PASSWORD_RESET_REQUESTED';
ALTER TYPE "AuthEventType" ADD VALUE 'PASSWORD_RESET';
ALTER TYPE "AuthEventType" ADD VALUE 'ACCOUNT_TAKEN_OVER';

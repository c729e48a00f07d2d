-- CreateEnum
CREATE TYPE "PreModeration" AS ENUM ('NONE', 'ALL', 'FIRST_COMMENTS', 'LINKS');

-- CreateEnum
CREATE TYPE "UserModerationMode" AS ENUM ('DEFAULT', 'PREMODERATE', 'TRUSTED');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('COMMENT_APPROVED', 'COMMENT_REJECTED', 'COMMENT_RESTORED', 'COMMENT_FEATURED', 'COMMENT_UNFEATURED', 'ARTICLE_CLOSED', 'ARTICLE_REOPENED', 'ARTICLE_PREMODERATION_SET', 'USER_WARNED', 'USER_SUSPENDED', 'USER_BANNED', 'USER_LIFTED', 'USER_MODERATION_MODE_SET', 'ROLE_CHANGED', 'POLICY_UPDATED', 'APPEAL_RESOLVED');

-- CreateEnum
CREATE TYPE "AppealStatus" AS ENUM ('OPEN', 'UPHELD', 'OVERTURNED');

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "preModeration" "PreModeration";

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "featuredAt" TIMESTAMP(3),
ADD COLUMN     "moderatedAt" TIMESTAMP(3),
ADD COLUMN     "moderatedById" UUID,
ADD COLUMN     "rejectionNote" TEXT,
ADD COLUMN     "rejectionReason" "ReportReason";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "moderationMode" "UserModerationMode" NOT NULL DEFAULT 'DEFAULT',
ADD COLUMN     "warning" TEXT,
ADD COLUMN     "warningAcknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "warningIssuedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ModerationPolicy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "preModeration" "PreModeration" NOT NULL DEFAULT 'NONE',
    "firstCommentsThreshold" INTEGER NOT NULL DEFAULT 1,
    "bannedWords" TEXT[],
    "suspectWords" TEXT[],
    "autoCloseDays" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModerationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "action" "AuditAction" NOT NULL,
    "actorId" UUID,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "articleId" UUID,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" UUID NOT NULL,
    "commentId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "status" "AppealStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" UUID,

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_id_idx" ON "AuditLog"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_createdAt_idx" ON "AuditLog"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_articleId_action_idx" ON "AuditLog"("articleId", "action");

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_commentId_key" ON "Appeal"("commentId");

-- CreateIndex
CREATE INDEX "Appeal_status_createdAt_idx" ON "Appeal"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_status_createdAt_id_idx" ON "Comment"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Comment_articleId_featuredAt_idx" ON "Comment"("articleId", "featuredAt");

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: no code path may change or remove an entry.
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_is_append_only"();

-- The one policy row.
INSERT INTO "ModerationPolicy" ("id", "bannedWords", "suspectWords", "updatedAt") VALUES (1, '{}', '{}', CURRENT_TIMESTAMP);

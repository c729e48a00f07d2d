-- DropIndex
DROP INDEX "Comment_articleId_rootId_status_createdAt_id_idx";

-- DropIndex
DROP INDEX "Comment_articleId_rootId_status_insightfulCount_createdAt_i_idx";

-- CreateIndex
CREATE INDEX "Comment_articleId_depth_status_createdAt_id_idx" ON "Comment"("articleId", "depth", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Comment_articleId_depth_status_insightfulCount_createdAt_id_idx" ON "Comment"("articleId", "depth", "status", "insightfulCount", "createdAt", "id");

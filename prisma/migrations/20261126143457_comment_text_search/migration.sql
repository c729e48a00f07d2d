-- Trigram matching for the moderation console's text search (shipped with PostgreSQL's contrib modules).
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Comment_body_idx" ON "Comment" USING GIN ("body" gin_trgm_ops);

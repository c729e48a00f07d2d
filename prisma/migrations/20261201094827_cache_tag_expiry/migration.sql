-- CreateTable
CREATE TABLE "CacheTagExpiry" (
    "tag" TEXT NOT NULL,
    "expiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CacheTagExpiry_pkey" PRIMARY KEY ("tag")
);

-- CreateIndex
CREATE INDEX "CacheTagExpiry_expiredAt_idx" ON "CacheTagExpiry"("expiredAt");

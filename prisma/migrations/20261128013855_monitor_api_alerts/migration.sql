-- CreateTable
CREATE TABLE "HourBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hourStart" DATETIME NOT NULL,
    "domain" TEXT NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "receivedRcpt" INTEGER NOT NULL DEFAULT 0,
    "receivedKb" REAL NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deliveredKb" REAL NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "CategoryBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hourStart" DATETIME NOT NULL,
    "domain" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "JobBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hourStart" DATETIME NOT NULL,
    "jobId" TEXT NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "QueueModeChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "queue" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "threshold" REAL NOT NULL,
    "target" TEXT NOT NULL DEFAULT '*',
    "channel" TEXT NOT NULL DEFAULT 'console',
    "destination" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "firedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "notifiedAt" DATETIME,
    "notifyError" TEXT NOT NULL DEFAULT ''
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MetricBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bucketStart" DATETIME NOT NULL,
    "domain" TEXT NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "receivedRcpt" INTEGER NOT NULL DEFAULT 0,
    "receivedKb" REAL NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deliveredKb" REAL NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_MetricBucket" ("bounced", "bucketStart", "deferred", "delivered", "domain", "id", "received") SELECT "bounced", "bucketStart", "deferred", "delivered", "domain", "id", "received" FROM "MetricBucket";
DROP TABLE "MetricBucket";
ALTER TABLE "new_MetricBucket" RENAME TO "MetricBucket";
CREATE INDEX "MetricBucket_bucketStart_idx" ON "MetricBucket"("bucketStart");
CREATE UNIQUE INDEX "MetricBucket_bucketStart_domain_key" ON "MetricBucket"("bucketStart", "domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HourBucket_hourStart_idx" ON "HourBucket"("hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "HourBucket_hourStart_domain_key" ON "HourBucket"("hourStart", "domain");

-- CreateIndex
CREATE INDEX "CategoryBucket_hourStart_idx" ON "CategoryBucket"("hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "CategoryBucket_hourStart_domain_category_key" ON "CategoryBucket"("hourStart", "domain", "category");

-- CreateIndex
CREATE INDEX "JobBucket_hourStart_idx" ON "JobBucket"("hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "JobBucket_hourStart_jobId_key" ON "JobBucket"("hourStart", "jobId");

-- CreateIndex
CREATE INDEX "QueueModeChange_queue_at_idx" ON "QueueModeChange"("queue", "at");

-- CreateIndex
CREATE INDEX "QueueModeChange_at_idx" ON "QueueModeChange"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "Alert_ruleId_subject_idx" ON "Alert"("ruleId", "subject");

-- CreateIndex
CREATE INDEX "Alert_firedAt_idx" ON "Alert"("firedAt");

-- CreateIndex
CREATE INDEX "DeliveryRecord_orig_idx" ON "DeliveryRecord"("orig");

-- CreateIndex
CREATE INDEX "DeliveryRecord_jobId_idx" ON "DeliveryRecord"("jobId");

-- CreateIndex
CREATE INDEX "DeliveryRecord_vmta_idx" ON "DeliveryRecord"("vmta");

-- CreateIndex
CREATE INDEX "DeliveryRecord_messageId_idx" ON "DeliveryRecord"("messageId");

-- CreateIndex
CREATE INDEX "DeliveryRecord_bounceCat_idx" ON "DeliveryRecord"("bounceCat");

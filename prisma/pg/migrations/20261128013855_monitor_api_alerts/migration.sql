-- AlterTable
ALTER TABLE "MetricBucket" ADD COLUMN     "deliveredKb" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "receivedKb" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "receivedRcpt" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "HourBucket" (
    "id" SERIAL NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "domain" TEXT NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "receivedRcpt" INTEGER NOT NULL DEFAULT 0,
    "receivedKb" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deliveredKb" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HourBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CategoryBucket" (
    "id" SERIAL NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "domain" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CategoryBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobBucket" (
    "id" SERIAL NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "jobId" TEXT NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "JobBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueModeChange" (
    "id" SERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QueueModeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "target" TEXT NOT NULL DEFAULT '*',
    "channel" TEXT NOT NULL DEFAULT 'console',
    "destination" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "ruleId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "notifiedAt" TIMESTAMP(3),
    "notifyError" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "MetricBucket_bucketStart_idx" ON "MetricBucket"("bucketStart");

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastLoginAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeliveryRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "timeLogged" DATETIME NOT NULL,
    "timeQueued" DATETIME NOT NULL,
    "orig" TEXT NOT NULL,
    "rcpt" TEXT NOT NULL,
    "orcpt" TEXT NOT NULL,
    "dsnAction" TEXT NOT NULL,
    "dsnStatus" TEXT NOT NULL,
    "dsnDiag" TEXT NOT NULL,
    "dsnMta" TEXT NOT NULL,
    "bounceCat" TEXT NOT NULL,
    "srcType" TEXT NOT NULL,
    "srcMta" TEXT NOT NULL,
    "dlvType" TEXT NOT NULL,
    "dlvSourceIp" TEXT NOT NULL,
    "dlvDestinationIp" TEXT NOT NULL,
    "dlvEsmtpAvailable" TEXT NOT NULL,
    "dlvSize" INTEGER NOT NULL,
    "vmta" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "envId" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "vmtaPool" TEXT NOT NULL,
    "dlvTlsProtocol" TEXT NOT NULL,
    "dlvTlsCipher" TEXT NOT NULL,
    "messageId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MetricBucket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bucketStart" DATETIME NOT NULL,
    "domain" TEXT NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "deferred" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");

-- CreateIndex
CREATE INDEX "DeliveryRecord_timeLogged_idx" ON "DeliveryRecord"("timeLogged");

-- CreateIndex
CREATE INDEX "DeliveryRecord_type_idx" ON "DeliveryRecord"("type");

-- CreateIndex
CREATE INDEX "DeliveryRecord_queue_idx" ON "DeliveryRecord"("queue");

-- CreateIndex
CREATE INDEX "DeliveryRecord_rcpt_idx" ON "DeliveryRecord"("rcpt");

-- CreateIndex
CREATE UNIQUE INDEX "MetricBucket_bucketStart_domain_key" ON "MetricBucket"("bucketStart", "domain");

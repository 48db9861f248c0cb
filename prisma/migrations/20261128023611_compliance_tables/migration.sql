-- CreateTable
CREATE TABLE "SuppressionList" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'global',
    "scopeValue" TEXT NOT NULL DEFAULT '',
    "hashOnly" BOOLEAN NOT NULL DEFAULT false,
    "autoAddBounces" BOOLEAN NOT NULL DEFAULT false,
    "autoAddComplaints" BOOLEAN NOT NULL DEFAULT false,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SuppressionEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "listId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'upload',
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SuppressionImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "listId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "message" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DkimKey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "selector" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "privateKeyPem" TEXT NOT NULL,
    "dnsRecord" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FeedbackRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "timeLogged" DATETIME NOT NULL,
    "format" TEXT NOT NULL,
    "feedbackType" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "repSourceIp" TEXT NOT NULL DEFAULT '',
    "reportingMta" TEXT NOT NULL DEFAULT '',
    "reportedDomain" TEXT NOT NULL DEFAULT '',
    "orig" TEXT NOT NULL DEFAULT '',
    "rcpt" TEXT NOT NULL DEFAULT '',
    "orcpt" TEXT NOT NULL DEFAULT '',
    "envId" TEXT NOT NULL DEFAULT '',
    "jobId" TEXT NOT NULL DEFAULT '',
    "dlvSourceIp" TEXT NOT NULL DEFAULT '',
    "dsnStatus" TEXT NOT NULL DEFAULT '',
    "dsnDiag" TEXT NOT NULL DEFAULT '',
    "dsnMta" TEXT NOT NULL DEFAULT '',
    "bounceCat" TEXT NOT NULL DEFAULT '',
    "headers" TEXT NOT NULL DEFAULT '{}'
);

-- CreateIndex
CREATE UNIQUE INDEX "SuppressionList_name_key" ON "SuppressionList"("name");

-- CreateIndex
CREATE INDEX "SuppressionEntry_value_idx" ON "SuppressionEntry"("value");

-- CreateIndex
CREATE UNIQUE INDEX "SuppressionEntry_listId_kind_value_key" ON "SuppressionEntry"("listId", "kind", "value");

-- CreateIndex
CREATE INDEX "SuppressionImport_listId_startedAt_idx" ON "SuppressionImport"("listId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DkimKey_selector_domain_key" ON "DkimKey"("selector", "domain");

-- CreateIndex
CREATE INDEX "FeedbackRecord_timeLogged_idx" ON "FeedbackRecord"("timeLogged");

-- CreateIndex
CREATE INDEX "FeedbackRecord_type_idx" ON "FeedbackRecord"("type");

-- CreateIndex
CREATE INDEX "FeedbackRecord_rcpt_idx" ON "FeedbackRecord"("rcpt");

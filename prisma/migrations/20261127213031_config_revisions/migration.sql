-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "origin" TEXT NOT NULL,
    "diff" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ConfigRevision_createdAt_idx" ON "ConfigRevision"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_target_idx" ON "AuditEvent"("target");

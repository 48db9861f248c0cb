/** The audit trail: append-only, read newest first. `detail` is stored as a JSON string. */

import { getDb, type Db } from "./client";

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditEventDto {
  id: number;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  at: Date;
}

function parseDetail(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function createAuditRepository(db: Db = getDb()) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.auditEvent.create({
        data: { actor: entry.actor, action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail ?? {}) },
        select: { id: true },
      });
    },

    async list(options: { limit: number; action?: string; target?: string }): Promise<AuditEventDto[]> {
      const rows = await db.auditEvent.findMany({
        where: { action: options.action, target: options.target },
        orderBy: { id: "desc" },
        take: options.limit,
      });
      return rows.map((r) => ({ ...r, detail: parseDetail(r.detail) }));
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

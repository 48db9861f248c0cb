/**
 * Alert rules and their alerts (AlertRule, Alert), and the one rollup query the bounce-rate rule
 * needs. Only the alert evaluator (lib/alerts/alert-evaluator.ts) opens and resolves alerts, so "one
 * open alert per rule and subject" holds without a unique index.
 *
 * Notification state lives on the Alert row: `notifiedAt` is when the notification for the alert's
 * current state (firing, or resolved once `resolvedAt` is set) went out; null means it is still due.
 * `notifyError` is the last failure; it starts with GAVE_UP_PREFIX once the evaluator stopped trying.
 */

import { getDb, type Db } from "./client";

export const GAVE_UP_PREFIX = "Gave up";

/** An alert's state as notified: firing while open, resolved once `resolvedAt` is set. */
export type AlertState = "firing" | "resolved";

export interface AlertRuleRecord {
  id: number;
  name: string;
  kind: string;
  threshold: number;
  target: string;
  channel: string;
  destination: string;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertRuleData {
  name: string;
  kind: string;
  threshold: number;
  target: string;
  channel: string;
  destination: string;
  enabled: boolean;
}

export interface AlertRecord {
  id: number;
  ruleId: number;
  subject: string;
  message: string;
  firedAt: Date;
  resolvedAt: Date | null;
  notifiedAt: Date | null;
  notifyError: string;
}

export interface NewAlert {
  ruleId: number;
  subject: string;
  message: string;
  firedAt: Date;
  /** Set for console-only rules, whose console listing is the notification. */
  notifiedAt: Date | null;
}

export interface DomainOutcomeSums {
  domain: string;
  delivered: number;
  bounced: number;
}

/** Rollup rows for counts that have no single recipient domain (see MetricBucket). */
const NO_DOMAIN = "*";

export function createAlertRepository(db: Db = getDb()) {
  return {
    listRules(): Promise<AlertRuleRecord[]> {
      return db.alertRule.findMany({ orderBy: { id: "asc" } });
    },

    enabledRules(): Promise<AlertRuleRecord[]> {
      return db.alertRule.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
    },

    getRule(id: number): Promise<AlertRuleRecord | null> {
      return db.alertRule.findUnique({ where: { id } });
    },

    createRule(data: AlertRuleData & { createdBy: string }): Promise<AlertRuleRecord> {
      return db.alertRule.create({ data });
    },

    /** Null when no such rule. */
    async updateRule(id: number, data: Partial<AlertRuleData>): Promise<AlertRuleRecord | null> {
      const { count } = await db.alertRule.updateMany({ where: { id }, data });
      return count === 0 ? null : db.alertRule.findUnique({ where: { id } });
    },

    /**
     * Deletes the rule and resolves its open alerts at `at`, with nothing left to notify (their
     * history stays, shown under the deleted rule's id). False when no such rule.
     */
    async deleteRule(id: number, at: Date): Promise<boolean> {
      const [, deleted] = await db.$transaction([
        db.alert.updateMany({ where: { ruleId: id, resolvedAt: null }, data: { resolvedAt: at, notifiedAt: at } }),
        db.alertRule.deleteMany({ where: { id } }),
      ]);
      return deleted.count > 0;
    },

    openAlerts(): Promise<Pick<AlertRecord, "id" | "ruleId" | "subject" | "message">[]> {
      return db.alert.findMany({ where: { resolvedAt: null }, select: { id: true, ruleId: true, subject: true, message: true }, orderBy: { id: "asc" } });
    },

    /** Rewrites open alerts' messages (the condition still holds, its numbers changed). */
    async updateMessages(updates: readonly { id: number; message: string }[]): Promise<void> {
      if (updates.length === 0) return;
      await db.$transaction(updates.map((u) => db.alert.updateMany({ where: { id: u.id, resolvedAt: null }, data: { message: u.message } })));
    },

    countOpen(): Promise<number> {
      return db.alert.count({ where: { resolvedAt: null } });
    },

    openAlert(alert: NewAlert): Promise<AlertRecord> {
      return db.alert.create({ data: alert });
    },

    /**
     * Resolves open alerts at `at`. `notify`: the resolution is due to be notified (notifiedAt cleared);
     * otherwise it is recorded as needing no notification.
     */
    async resolveAlerts(ids: readonly number[], at: Date, notify: boolean): Promise<void> {
      if (ids.length === 0) return;
      await db.alert.updateMany({
        where: { id: { in: [...ids] }, resolvedAt: null },
        data: notify ? { resolvedAt: at, notifiedAt: null, notifyError: "" } : { resolvedAt: at, notifiedAt: at },
      });
    },

    /** Alerts whose current state still has to be notified (oldest first), fired since `firedSince`. */
    dueNotifications(firedSince: Date, limit: number): Promise<AlertRecord[]> {
      return db.alert.findMany({
        where: { notifiedAt: null, firedAt: { gte: firedSince }, NOT: { notifyError: { startsWith: GAVE_UP_PREFIX } } },
        orderBy: { id: "asc" },
        take: limit,
      });
    },

    /**
     * Records that the notification for `state` went out. A no-op when the alert has changed state
     * since (it resolved while its firing notification was in flight: the resolution is still due).
     */
    async markNotified(id: number, state: AlertState, at: Date): Promise<void> {
      await db.alert.updateMany({ where: { id, resolvedAt: state === "firing" ? null : { not: null } }, data: { notifiedAt: at, notifyError: "" } });
    },

    /** Records a failed notification for `state`; a no-op when the alert has changed state since. */
    async markNotifyError(id: number, state: AlertState, error: string): Promise<void> {
      await db.alert.updateMany({ where: { id, resolvedAt: state === "firing" ? null : { not: null } }, data: { notifyError: error.slice(0, 1000) } });
    },

    /** Open alerts first (newest first), then the most recently fired resolved ones, `limit` in all. */
    async recentAlerts(limit: number): Promise<AlertRecord[]> {
      const open = await db.alert.findMany({ where: { resolvedAt: null }, orderBy: { firedAt: "desc" }, take: limit });
      if (open.length >= limit) return open;
      const resolved = await db.alert.findMany({ where: { resolvedAt: { not: null } }, orderBy: { firedAt: "desc" }, take: limit - open.length });
      return [...open, ...resolved];
    },

    /**
     * Delivered and bounced per recipient domain over the per-minute rollups (MetricBucket) since
     * `fromMs`: at most 60 rows per domain for an hour, never raw delivery records.
     */
    async domainOutcomesSince(fromMs: number): Promise<DomainOutcomeSums[]> {
      const rows = await db.metricBucket.groupBy({
        by: ["domain"],
        where: { bucketStart: { gte: new Date(fromMs) }, domain: { not: NO_DOMAIN } },
        _sum: { delivered: true, bounced: true },
        orderBy: { domain: "asc" },
      });
      return rows.map((r) => ({ domain: r.domain, delivered: r._sum.delivered ?? 0, bounced: r._sum.bounced ?? 0 }));
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;

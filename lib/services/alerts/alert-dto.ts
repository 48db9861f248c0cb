/** Maps alert rules and alerts from the repository to the console's rows (no Prisma types cross). */

import { GAVE_UP_PREFIX, type AlertRecord, type AlertRuleRecord } from "../../db/alert-repository";
import { ALERT_CHANNELS, ALERT_KINDS, type TAlertChannel, type TAlertKind, type TAlertRow, type TAlertRuleRow, type TNotificationStatus } from "../../schemas/alerts";

function asKind(kind: string): TAlertKind | null {
  return (ALERT_KINDS as readonly string[]).includes(kind) ? (kind as TAlertKind) : null;
}

function asChannel(channel: string): TAlertChannel {
  return (ALERT_CHANNELS as readonly string[]).includes(channel) ? (channel as TAlertChannel) : "console";
}

export function toAlertRuleRow(r: AlertRuleRecord): TAlertRuleRow {
  return {
    id: r.id,
    name: r.name,
    kind: asKind(r.kind) ?? "queue-size",
    threshold: r.threshold,
    target: r.target,
    channel: asChannel(r.channel),
    destination: r.destination,
    enabled: r.enabled,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

function notificationStatus(a: AlertRecord, rule: AlertRuleRecord | undefined): TNotificationStatus {
  if (a.notifyError.startsWith(GAVE_UP_PREFIX)) return { state: "failed", error: a.notifyError };
  if (rule?.channel === "console" || (!rule && a.notifiedAt)) return { state: "console" };
  if (a.notifiedAt) return { state: "sent", at: a.notifiedAt.toISOString() };
  if (a.notifyError) return { state: "retrying", error: a.notifyError };
  return { state: "pending" };
}

export function toAlertRow(a: AlertRecord, rules: ReadonlyMap<number, AlertRuleRecord>): TAlertRow {
  const rule = rules.get(a.ruleId);
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: rule?.name ?? `Rule #${a.ruleId} (deleted)`,
    kind: rule ? asKind(rule.kind) : null,
    subject: a.subject,
    message: a.message,
    firedAt: a.firedAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    notification: notificationStatus(a, rule),
  };
}

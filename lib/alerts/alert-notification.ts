/**
 * What a notification says, whatever the channel: the webhook's JSON body and the email's text are
 * both built from this one record.
 */

export interface AlertNotification {
  /** The rule's name. */
  rule: string;
  kind: string;
  subject: string;
  message: string;
  state: "firing" | "resolved";
  /** ISO 8601. */
  firedAt: string;
  /** ISO 8601, null while firing. */
  resolvedAt: string | null;
}

/** "[Hermod] FIRING: Big queues - gmail.com/{default}" */
export function notificationTitle(n: AlertNotification): string {
  return `[Hermod] ${n.state === "firing" ? "FIRING" : "RESOLVED"}: ${n.rule} - ${n.subject}`;
}

export function notificationText(n: AlertNotification): string {
  return [
    n.state === "firing" ? n.message : `Resolved: ${n.message}`,
    "",
    `Rule:     ${n.rule} (${n.kind})`,
    `Subject:  ${n.subject}`,
    `Fired:    ${n.firedAt}`,
    `Resolved: ${n.resolvedAt ?? "not yet"}`,
    "",
    "Sent by Hermod's alert rules; see the console's Alerts page.",
    "",
  ].join("\n");
}

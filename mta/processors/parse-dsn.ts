/**
 * Asynchronous bounces: RFC 3464 `multipart/report; report-type=delivery-status`. The
 * `message/delivery-status` part holds the per-message fields (Reporting-MTA, Original-Envelope-Id)
 * and one group per recipient (Final-Recipient, Original-Recipient, Action, Status, Remote-MTA,
 * Diagnostic-Code). A recipient group without a Final-Recipient, or with an Action or Status that is
 * not RFC 3464's, is skipped; a report with no usable group is not a DSN.
 */

import { headerValue, fieldGroups, type HeaderField, type MimePart } from "./mime";
import { returnedHeaders, stripType } from "./parse-arf";
import { bareAddress, type BouncedRecipient, type RemoteBounce } from "./reports";

const ACTIONS = new Set(["failed", "delayed", "delivered", "relayed", "expanded"]);
const STATUS = /^([245])\.(\d{1,3})\.(\d{1,3})/;

export function parseDsn(message: MimePart): RemoteBounce | null {
  const report = message.type === "multipart/report" ? message : message.parts.find((p) => p.type === "multipart/report");
  if (!report || (report.params["report-type"] ?? "").toLowerCase() !== "delivery-status") return null;
  const status = report.parts.find((p) => p.type === "message/delivery-status" || p.type === "message/global-delivery-status");
  if (!status) return null;
  const [perMessage, ...groups] = fieldGroups(status.body.toString("utf8"));
  if (!perMessage) return null;
  const recipients = groups.map(recipientOf).filter((r): r is BouncedRecipient => r !== null);
  if (recipients.length === 0) return null;
  const get = (g: HeaderField[], name: string) => headerValue({ headers: g }, name) ?? "";
  return {
    format: "dsn",
    reportingMta: stripType(get(perMessage, "reporting-mta")),
    envId: get(perMessage, "original-envelope-id"),
    recipients,
    returned: returnedHeaders(report),
  };
}

function recipientOf(group: HeaderField[]): BouncedRecipient | null {
  const get = (name: string) => headerValue({ headers: group }, name) ?? "";
  const rcpt = bareAddress(get("final-recipient")) || bareAddress(get("original-recipient"));
  const action = get("action").toLowerCase().split(/\s/)[0];
  const status = STATUS.exec(get("status"));
  if (!rcpt || !ACTIONS.has(action) || !status) return null;
  return {
    rcpt,
    orcpt: get("original-recipient"),
    action: action as BouncedRecipient["action"],
    status: status[0],
    diagnostic: get("diagnostic-code"),
    remoteMta: stripType(get("remote-mta")),
  };
}

/**
 * ARF (RFC 5965) and Hotmail JMRP complaints. ARF: `multipart/report; report-type=feedback-report`
 * whose second part is `message/feedback-report` (fields in header syntax) and whose third is the
 * returned message (`message/rfc822`) or its headers (`text/rfc822-headers`). JMRP: a message with the
 * complained-about mail attached as `message/rfc822`, whose headers carry Microsoft's
 * `X-HmXmrOriginalRecipient` (the complainant).
 */

import { bareAddress, type Complaint } from "./reports";
import { headerValue, parseHeaders, walk, type HeaderField, type MimePart } from "./mime";

export function parseArf(message: MimePart): Complaint | null {
  const report = message.type === "multipart/report" ? message : message.parts.find((p) => p.type === "multipart/report");
  if (!report || (report.params["report-type"] ?? "").toLowerCase() !== "feedback-report") return null;
  const machine = report.parts.find((p) => p.type === "message/feedback-report");
  if (!machine) return null;
  const fields = fieldMap(parseHeaders(machine.body.toString("utf8")));
  const feedbackType = first(fields, "feedback-type").toLowerCase();
  if (feedbackType === "") return null;
  const returned = returnedHeaders(report);
  const recipients = [...(fields.get("original-rcpt-to") ?? []), ...(fields.get("removal-recipient") ?? [])].map(bareAddress).filter(Boolean);
  return {
    format: "arf",
    feedbackType,
    userAgent: first(fields, "user-agent"),
    orig: bareAddress(first(fields, "original-mail-from")) || bareAddress(headerValue({ headers: returned }, "return-path")),
    recipients: [...new Set(recipients)],
    reportingMta: stripType(first(fields, "reporting-mta")),
    sourceIp: first(fields, "source-ip"),
    reportedDomain: first(fields, "reported-domain"),
    fields,
    returned,
  };
}

export function parseJmrp(message: MimePart): Complaint | null {
  for (const part of walk(message)) {
    if (!part.message) continue;
    const original = headerValue(part.message, "x-hmxmroriginalrecipient");
    const rcpt = bareAddress(original);
    if (!rcpt) continue;
    const returned = part.message.headers;
    return {
      format: "jmrp",
      feedbackType: "abuse",
      userAgent: "",
      orig: bareAddress(headerValue(part.message, "return-path")),
      recipients: [rcpt],
      reportingMta: "",
      sourceIp: "",
      reportedDomain: "",
      fields: new Map(),
      returned,
    };
  }
  return null;
}

/** The returned message's headers: the `message/rfc822` part's, or a `text/rfc822-headers` part parsed. */
export function returnedHeaders(report: MimePart): HeaderField[] {
  for (const part of report.parts) {
    if (part.message) return part.message.headers;
    if (part.type === "text/rfc822-headers") return parseHeaders(part.body.toString("utf8"));
  }
  return [];
}

function fieldMap(fields: HeaderField[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const f of fields) {
    const value = headerValue({ headers: [f] }, f.name) ?? "";
    map.set(f.name, [...(map.get(f.name) ?? []), value]);
  }
  return map;
}

function first(fields: Map<string, string[]>, name: string): string {
  return fields.get(name)?.[0] ?? "";
}

/** `dns; mx.example.net` → `mx.example.net`. */
export function stripType(value: string): string {
  const m = /^\s*[A-Za-z0-9-]+\s*;\s*(.*)$/.exec(value);
  return (m ? m[1] : value).trim();
}

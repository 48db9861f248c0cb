/**
 * XARF abuse reports (JSON). Two shapes are read: XARF v4 as published by the xarf project
 * (`xarf_version`, `category`, `type`, `source_identifier`, `evidence[]` with base64 payloads) and the
 * earlier v4 draft (`Version: "4"`, `Report.ReportClass`, `Report.ReportType`, `Report.Source…`,
 * `Report.Samples[]`). The JSON is a part of type application/json (or the whole body). The recipient
 * is taken from `smtp_to`/`destination_identifier` when they hold an address, else from the To of the
 * message in the evidence.
 */

import { z } from "zod";
import { headerValue, parseMime, walk, type HeaderField, type MimePart } from "./mime";
import { bareAddress, type Complaint } from "./reports";

const MAX_JSON_BYTES = 2 * 1024 * 1024;

const Evidence = z.looseObject({
  content_type: z.string().optional(),
  ContentType: z.string().optional(),
  payload: z.string().optional(),
  Payload: z.string().optional(),
  Base64Encoded: z.boolean().optional(),
});

const Current = z.looseObject({
  xarf_version: z.string().regex(/^4(\.|$)/),
  category: z.string(),
  type: z.string(),
  source_identifier: z.string().optional(),
  smtp_from: z.string().optional(),
  smtp_to: z.string().optional(),
  destination_identifier: z.string().optional(),
  reporter: z.looseObject({ org: z.string().optional(), domain: z.string().optional() }).optional(),
  evidence: z.array(Evidence).optional(),
});

const Draft = z.looseObject({
  Version: z.union([z.string(), z.number()]).refine((v) => String(v).startsWith("4")),
  ReporterInfo: z.looseObject({ ReporterOrg: z.string().optional(), ReporterOrgDomain: z.string().optional() }).optional(),
  Report: z.looseObject({
    ReportClass: z.string(),
    ReportType: z.string(),
    SourceType: z.string().optional(),
    Source: z.union([z.string(), z.looseObject({ Value: z.string().optional() })]).optional(),
    SourceIp: z.string().optional(),
    SmtpMailFromAddress: z.string().optional(),
    SmtpRcptToAddress: z.string().optional(),
    Samples: z.array(Evidence).optional(),
  }),
});

export function parseXarf(message: MimePart): Complaint | null {
  for (const part of walk(message)) {
    if (part.parts.length > 0 || part.body.length === 0 || part.body.length > MAX_JSON_BYTES) continue;
    const json = part.type === "application/json" || part.type.endsWith("+json") ? part.body.toString("utf8") : null;
    if (json === null && !(part === message && /^\s*\{/.test(part.body.toString("utf8", 0, 64)))) continue;
    let value: unknown;
    try {
      value = JSON.parse(json ?? part.body.toString("utf8"));
    } catch {
      continue;
    }
    const complaint = fromCurrent(value) ?? fromDraft(value);
    if (complaint) return complaint;
  }
  return null;
}

function fromCurrent(value: unknown): Complaint | null {
  const r = Current.safeParse(value);
  if (!r.success) return null;
  const x = r.data;
  const returned = evidenceHeaders(x.evidence ?? []);
  const rcpt = bareAddress(x.smtp_to) || bareAddress(x.destination_identifier) || bareAddress(headerValue({ headers: returned }, "to"));
  return {
    format: "xarf",
    feedbackType: `${x.category}:${x.type}`,
    userAgent: x.reporter?.org ?? "",
    orig: bareAddress(x.smtp_from) || bareAddress(headerValue({ headers: returned }, "return-path")),
    recipients: rcpt ? [rcpt] : [],
    reportingMta: x.reporter?.domain ?? "",
    sourceIp: x.source_identifier ?? "",
    reportedDomain: "",
    fields: scalars(x),
    returned,
  };
}

function fromDraft(value: unknown): Complaint | null {
  const r = Draft.safeParse(value);
  if (!r.success) return null;
  const { Report: report, ReporterInfo: info } = r.data;
  const returned = evidenceHeaders(report.Samples ?? []);
  const source = typeof report.Source === "string" ? report.Source : (report.Source?.Value ?? report.SourceIp ?? "");
  const rcpt = bareAddress(report.SmtpRcptToAddress) || bareAddress(headerValue({ headers: returned }, "to"));
  return {
    format: "xarf",
    feedbackType: `${report.ReportClass}:${report.ReportType}`.toLowerCase(),
    userAgent: info?.ReporterOrg ?? "",
    orig: bareAddress(report.SmtpMailFromAddress) || bareAddress(headerValue({ headers: returned }, "return-path")),
    recipients: rcpt ? [rcpt] : [],
    reportingMta: info?.ReporterOrgDomain ?? "",
    sourceIp: source,
    reportedDomain: "",
    fields: scalars(report),
    returned,
  };
}

/** The headers of the first evidence item that is a message (base64 or plain). */
function evidenceHeaders(items: z.infer<typeof Evidence>[]): HeaderField[] {
  for (const item of items) {
    const type = (item.content_type ?? item.ContentType ?? "").toLowerCase();
    const payload = item.payload ?? item.Payload;
    if (!payload || !(type.startsWith("message/") || type === "text/rfc822-headers")) continue;
    const base64 = item.Base64Encoded ?? /^[A-Za-z0-9+/=\s]+$/.test(payload);
    const raw = base64 ? Buffer.from(payload, "base64") : Buffer.from(payload, "utf8");
    const headers = parseMime(type === "text/rfc822-headers" ? Buffer.concat([raw, Buffer.from("\r\n\r\n")]) : raw).headers;
    if (headers.length > 0) return headers;
  }
  return [];
}

/** Top-level string/number fields as `arf_`-style fields, names lower-cased. */
function scalars(obj: Record<string, unknown>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "string" || typeof v === "number") map.set(k.toLowerCase(), [String(v)]);
  }
  return map;
}

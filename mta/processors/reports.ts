/**
 * What a report says, whatever its format: a complaint (ARF, Hotmail JMRP, XARF → `f` records) or an
 * asynchronous bounce (RFC 3464 DSN → `rb`/`rs` records). One report may name several recipients.
 */

import type { HeaderField } from "./mime";

export interface Complaint {
  format: "arf" | "jmrp" | "xarf";
  /** ARF Feedback-Type (`abuse`, `fraud`, …); `abuse` for JMRP; the XARF type. */
  feedbackType: string;
  userAgent: string;
  /** Original-Mail-From, else the returned message's Return-Path. */
  orig: string;
  /** The complainants: Original-Rcpt-To (ARF), X-HmXmrOriginalRecipient (JMRP), the returned To (XARF). */
  recipients: string[];
  reportingMta: string;
  /** The IP the reported mail came from (ARF Source-IP): one of ours. */
  sourceIp: string;
  reportedDomain: string;
  /** Every field of the machine-readable part, lower-cased names (ARF fields; XARF top-level scalars). */
  fields: Map<string, string[]>;
  /** The header section of the returned message, if the report carried one. */
  returned: HeaderField[];
}

export interface BouncedRecipient {
  /** Final-Recipient without its `rfc822;` type. */
  rcpt: string;
  /** Original-Recipient as written (`rfc822;…`), or "". */
  orcpt: string;
  action: "failed" | "delayed" | "delivered" | "relayed" | "expanded";
  status: string;
  /** Diagnostic-Code as written (`smtp; 550 …`). */
  diagnostic: string;
  remoteMta: string;
}

export interface RemoteBounce {
  format: "dsn";
  reportingMta: string;
  envId: string;
  recipients: BouncedRecipient[];
  returned: HeaderField[];
}

export type ParsedReport = { kind: "complaint"; report: Complaint } | { kind: "bounce"; report: RemoteBounce };

/** `rfc822; a@b` / `<a@b>` / `a@b` → `a@b`; "" when there is no address in it. */
export function bareAddress(value: string | undefined): string {
  if (!value) return "";
  const typed = /^\s*[A-Za-z0-9-]+\s*;\s*(.*)$/.exec(value);
  const text = (typed ? typed[1] : value).trim();
  const angle = /<([^<>\s]*)>/.exec(text);
  const address = (angle ? angle[1] : text).trim();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : "";
}

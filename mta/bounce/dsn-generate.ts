/**
 * Delivery Status Notifications Hermod sends to the envelope sender (RFC 3464 report inside an RFC
 * 6522 multipart/report, honouring RFC 3461 NOTIFY/RET/ENVID/ORCPT). Loop safety lives in `dsnWanted`:
 * a bounce is never bounced, and a DSN never reports on a DSN (reliability.md §4).
 */

import { createHash, randomBytes } from "node:crypto";
import type { Envelope } from "../spool/spool";
import { type ContentSource, type ReturnLimits, readReturnedContent } from "./returned-content";
import { CRLF, asciiValue, hasEightBit, headerField, headerValue, rfc5322Date, textBlock } from "./mime-text";
import { ENHANCED_STATUS, dsnStatusText, parseSmtpReply } from "./status-text";

/** RFC 3464 §2.3.3 actions; Hermod reports `failed`, `delayed` and `relayed` (NOTIFY=SUCCESS). */
export type DsnAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded";

/** The actions Hermod generates DSNs for. */
export type GeneratedAction = "failed" | "delayed" | "relayed";

/** NOTIFY keyword that asks for each action (RFC 3461 §4.1). */
const NOTIFY_KIND: Record<DsnAction, "failure" | "delay" | "success"> = {
  failed: "failure",
  delayed: "delay",
  delivered: "success",
  relayed: "success",
  expanded: "success",
};

/** What a sender gets when it said nothing (RFC 3461 §4.1: "NOTIFY=FAILURE" or "FAILURE,DELAY"). */
const DEFAULT_NOTIFY = { success: false, failure: true, delay: true } as const;

/**
 * Whether recipient `recipientIndex` of `envelope` gets a DSN for `action`. Never for the null sender
 * (RFC 5321 §6.1), never about a DSN Hermod generated (`dsnFor`), never with NOTIFY=NEVER; otherwise as
 * NOTIFY lists, or failure and delay when NOTIFY was absent. Throws RangeError for a bad index.
 */
export function dsnWanted(envelope: Envelope, recipientIndex: number, action: DsnAction): boolean {
  const recipient = envelope.recipients[recipientIndex];
  if (!recipient) throw new RangeError(`no recipient ${recipientIndex} in message ${envelope.id}`);
  if (envelope.mailFrom === "" || envelope.dsnFor !== undefined) return false;
  const notify = recipient.notify ?? DEFAULT_NOTIFY;
  if (notify === "NEVER") return false;
  return notify[NOTIFY_KIND[action]];
}

/**
 * Envelope for spooling a DSN. The null reverse path means it can never itself be bounced (RFC 5321
 * §4.5.5) and NOTIFY=NEVER keeps a next hop from reporting on it. For `failed` and `relayed`,
 * `dsnFor` names the reported recipients (all done) so spool recovery treats them as done: one DSN
 * per recipient, even across a crash. A `delayed` warning must not set `dsnFor`, because its
 * recipients are still being retried.
 */
export function dsnEnvelope(
  original: Envelope,
  recipientIndexes: readonly number[],
  action: GeneratedAction,
  reportingMta: string,
  now: number,
): Omit<Envelope, "id" | "size"> {
  return {
    receivedAt: now,
    mailFrom: "",
    recipients: [{ address: original.mailFrom, notify: "NEVER" }],
    source: { ip: "127.0.0.1", helo: reportingMta, type: "local" },
    ...(original.jobId !== undefined ? { jobId: original.jobId } : {}),
    ...(action !== "delayed" ? { dsnFor: { id: original.id, recipients: [...recipientIndexes] } } : {}),
  };
}

export interface DsnRecipient {
  /** Final recipient as used in RCPT TO. */
  address: string;
  /** RFC 3461 ORCPT as received, `type;address`; echoed in `Original-Recipient`. */
  orcpt?: string;
  /** Enhanced status code, e.g. `5.1.1`; an invalid one is reported as 5.0.0 / 4.0.0 / 2.0.0. */
  status: string;
  /** The remote reply (`550 5.1.1 …`) or a local reason; omitted when there is neither. */
  diagnostic?: string;
  /** Host name of the remote MTA, when a connection was made. */
  remoteMta?: string;
  action: GeneratedAction;
  lastAttemptAt: number;
  /** Epoch ms; only written for `delayed`. */
  willRetryUntil?: number;
}

export interface DsnInput extends ReturnLimits {
  /** `host-name`: the Reporting-MTA. */
  reportingMta: string;
  /** `postmaster` address, shown in `From:`. */
  postmaster: string;
  envelope: Envelope;
  /** At least one; all with the same action (one DSN reports one kind of event). */
  recipients: readonly DsnRecipient[];
  /** Epoch ms the original was received. */
  arrivalDate: number;
  /** The original message as spooled (e.g. `spool.readBody(id)`); read only as far as needed. */
  content: ContentSource;
  /** Epoch ms for `Date:`. */
  now: number;
}

/**
 * The DSN as CRLF-canonical chunks, ready for the spool. The returned content is read first (bounded
 * by `maxFullBytes` / `maxHeaderBytes`), so memory stays bounded whatever the original's size.
 * `Message-ID` is derived from the original id and the reported attempt, so regenerating the same DSN
 * after a crash yields the same id and receivers can deduplicate. The first read rejects with a
 * RangeError for the null sender, an empty recipient list or mixed actions: ask `dsnWanted` first.
 * Part 3 may carry 8-bit bytes (declared `8bit`); relaying such a DSN needs BODY=8BITMIME.
 */
export async function* generateDsn(input: DsnInput): AsyncGenerator<Buffer> {
  const { envelope, recipients } = input;
  if (envelope.mailFrom === "") throw new RangeError("a DSN is never sent to the null sender");
  const action = recipients[0]?.action;
  if (!action || recipients.some((r) => r.action !== action)) throw new RangeError("a DSN reports one action for one or more recipients");

  // RET=FULL asks for the message in a failure report; a delay or relay report, which tells the
  // sender its message is on its way, returns the headers (RFC 3461 §4.3, as Postfix does).
  const returned = await readReturnedContent(input.content, action === "failed" && envelope.ret === "FULL", envelope.size, input);
  const host = asciiValue(input.reportingMta);
  let boundary = newBoundary();
  while (returned.bytes.includes(boundary)) boundary = newBoundary();

  const human = humanText(input, host, returned.truncated);
  const humanEightBit = hasEightBit(human);
  const returnedEightBit = hasEightBit(returned.bytes);

  const head =
    headerField("From", `Mail Delivery System <${headerValue(input.postmaster)}>`) +
    headerField("To", `<${headerValue(envelope.mailFrom)}>`) +
    headerField("Subject", SUBJECT[action]) +
    headerField("Date", rfc5322Date(input.now)) +
    headerField("Message-ID", messageId(input, host)) +
    headerField("Auto-Submitted", "auto-replied") +
    headerField("MIME-Version", "1.0") +
    headerField("Content-Type", `multipart/report; report-type=delivery-status; boundary="${boundary}"`) +
    headerField("Content-Transfer-Encoding", humanEightBit || returnedEightBit ? "8bit" : "7bit") +
    CRLF +
    "This is a MIME-encapsulated message." + CRLF + CRLF;
  yield Buffer.from(head, "utf8");

  yield Buffer.from(
    `--${boundary}${CRLF}` +
      headerField("Content-Description", "Notification") +
      headerField("Content-Type", "text/plain; charset=utf-8") +
      headerField("Content-Transfer-Encoding", humanEightBit ? "8bit" : "7bit") +
      CRLF +
      human +
      CRLF +
      `--${boundary}${CRLF}` +
      headerField("Content-Description", "Delivery report") +
      headerField("Content-Type", "message/delivery-status") +
      CRLF +
      deliveryStatus(input, host) +
      CRLF +
      `--${boundary}${CRLF}` +
      headerField("Content-Description", returned.kind === "full" ? "Undelivered Message" : action === "failed" ? "Undelivered Message Headers" : "Message Headers") +
      headerField("Content-Type", returned.kind === "full" ? "message/rfc822" : "text/rfc822-headers") +
      headerField("Content-Transfer-Encoding", returnedEightBit ? "8bit" : "7bit") +
      CRLF,
    "utf8",
  );
  yield returned.bytes;
  yield Buffer.from(`${CRLF}--${boundary}--${CRLF}`, "ascii");
}

/** RFC 3464 §2.2 per-message fields, then one §2.3 block per recipient, blank-line separated. */
function deliveryStatus(input: DsnInput, host: string): string {
  let out = headerField("Reporting-MTA", `dns; ${host}`);
  if (input.envelope.envId) out += headerField("Original-Envelope-Id", asciiValue(input.envelope.envId));
  out += headerField("Arrival-Date", rfc5322Date(input.arrivalDate));
  for (const r of input.recipients) {
    out += CRLF;
    out += headerField("Final-Recipient", addressField(r.address));
    if (r.orcpt) out += headerField("Original-Recipient", orcptField(r.orcpt));
    out += headerField("Action", r.action);
    out += headerField("Status", statusOf(r));
    if (r.remoteMta) out += headerField("Remote-MTA", `dns; ${asciiValue(r.remoteMta)}`);
    if (r.diagnostic) out += headerField("Diagnostic-Code", diagnosticField(r.diagnostic));
    out += headerField("Last-Attempt-Date", rfc5322Date(r.lastAttemptAt));
    if (r.action === "delayed" && r.willRetryUntil !== undefined) out += headerField("Will-Retry-Until", rfc5322Date(r.willRetryUntil));
  }
  return out;
}

function statusOf(r: DsnRecipient): string {
  const status = r.status.trim();
  if (ENHANCED_STATUS.test(status)) return status;
  return r.action === "failed" ? "5.0.0" : r.action === "delayed" ? "4.0.0" : "2.0.0";
}

const SUBJECT: Record<GeneratedAction, string> = {
  failed: "Undelivered Mail Returned to Sender",
  delayed: "Delayed Mail (still being retried)",
  relayed: "Successful Mail Relay Report",
};

/** `rfc822; addr`, or RFC 6533's `utf-8; …` with `\x{HEX}` escapes for an internationalised address. */
function addressField(address: string): string {
  const value = headerValue(address);
  return hasEightBit(value) ? `utf-8; ${asciiValue(value)}` : `rfc822; ${value}`;
}

function orcptField(orcpt: string): string {
  const value = asciiValue(orcpt);
  return value.includes(";") ? value : `rfc822;${value}`;
}

/** `smtp; <reply>` for an SMTP reply; `X-Hermod; <reason>` for a local reason, as Postfix does. */
function diagnosticField(diagnostic: string): string {
  const reply = parseSmtpReply(diagnostic);
  return reply.code > 0 ? `smtp; ${asciiValue(oneLineReply(diagnostic))}` : `X-Hermod; ${asciiValue(reply.text)}`;
}

/** A multi-line reply as one line without the repeated `550-5.1.1` prefixes: `550 5.1.1 text…`. */
function oneLineReply(diagnostic: string): string {
  const reply = parseSmtpReply(diagnostic);
  if (reply.code === 0) return headerValue(diagnostic.replace(/^\s*smtp;\s*/i, ""));
  return [String(reply.code), reply.enhanced ?? "", reply.text].filter(Boolean).join(" ");
}

function humanText(input: DsnInput, host: string, truncated: boolean): string {
  const action = input.recipients[0].action;
  const lines = [`This is the mail system at host ${host}.`, ""];
  if (action === "failed") {
    lines.push(
      "Your message could not be delivered to one or more recipients.",
      "The reasons are given below; the delivery report is attached.",
    );
  } else if (action === "relayed") {
    lines.push(
      "Your message was relayed to the recipients below, as you asked to be told.",
      "Their mail systems do not report on delivery, so this is the last report you will get.",
    );
  } else {
    lines.push(
      "THIS IS A WARNING ONLY. YOU DO NOT NEED TO RESEND YOUR MESSAGE.",
      "",
      "Your message could not be delivered yet to the recipients below.",
      "The mail system will keep trying; the times are given per recipient.",
    );
  }
  lines.push("", `For further assistance, please send mail to ${headerValue(input.postmaster)}.`);
  if (truncated) lines.push("The message was too large to return in full; only its headers are attached.");
  lines.push("");
  for (const r of input.recipients) {
    const reason = r.diagnostic ? oneLineReply(r.diagnostic) : dsnStatusText(statusOf(r));
    const via = r.remoteMta ? `host ${headerValue(r.remoteMta)} said: ` : "";
    lines.push(`<${headerValue(r.address)}>: ${via}${reason}`);
    if (action === "delayed" && r.willRetryUntil !== undefined) lines.push(`  will be retried until ${rfc5322Date(r.willRetryUntil)}`);
  }
  return textBlock(lines.join("\n"));
}

function messageId(input: DsnInput, host: string): string {
  const hash = createHash("sha256");
  hash.update(input.envelope.id);
  for (const r of input.recipients) hash.update(`\0${r.action}\0${r.address}\0${r.status}\0${r.lastAttemptAt}`);
  return `<${input.envelope.id}.${hash.digest("hex").slice(0, 16)}.dsn@${host}>`;
}

/** Unpredictable, so content cannot forge a part boundary; `=_` cannot occur in quoted-printable. */
function newBoundary(): string {
  return `=_hermod-dsn-${randomBytes(12).toString("hex")}`;
}

/**
 * Turns what happened to one recipient into its accounting record: a remote reply decides the record
 * type by its class (2xx delivered, 4xx transient, 5xx bounced), a local failure (no connection, no
 * route, session lost) is transient unless stated permanent. Status text and bounce category follow
 * PowerMTA (powermta.md §2, §3).
 */

import type { BounceCategory } from "../bounce/categories";
import type { BounceRule } from "../bounce/classify";
import { classifyBounce } from "../bounce/classify";
import { dsnStatusText, enhancedStatusOf, parseSmtpReply } from "../bounce/status-text";
import type { AcctRecord, DeliveryRecordType } from "../records/acct-record";
import type { Envelope } from "../spool/spool";

/** Facts about the outbound session, when there was one. */
export interface DeliveryContext {
  queue: string;
  vmta: string;
  remoteHost?: string;
  remoteIp?: string;
  sourceIp?: string;
  extensions?: string[];
  tlsProtocol?: string;
  tlsCipher?: string;
}

/** What happened: a reply from the remote MTA, or a local reason with its status. */
export type Happening =
  | { kind: "reply"; reply: string }
  /** `category`: set when the cause decides the bounce category whatever the text says (expiry). */
  | { kind: "local"; permanent: boolean; status: string; reason: string; category?: BounceCategory };

export function buildRecord(
  envelope: Envelope,
  index: number,
  happening: Happening,
  ctx: DeliveryContext,
  now: number,
  bounceRules: readonly BounceRule[] = [],
): AcctRecord {
  let type: DeliveryRecordType;
  let status: string;
  let diag: string;
  if (happening.kind === "reply") {
    const parsed = parseSmtpReply(happening.reply);
    type = parsed.code >= 200 && parsed.code < 300 ? "d" : parsed.code >= 400 && parsed.code < 500 ? "t" : "b";
    status = enhancedStatusOf(parsed);
    diag = `smtp;${happening.reply.replace(/\r?\n/g, " ").trim()}`;
  } else {
    type = happening.permanent ? "b" : "t";
    status = happening.status;
    diag = happening.reason;
  }
  const rcpt = envelope.recipients[index];
  const src = envelope.source;
  return {
    type,
    timeLogged: now,
    timeQueued: envelope.receivedAt,
    orig: envelope.mailFrom,
    rcpt: rcpt.address,
    orcpt: rcpt.orcpt ?? "",
    dsnAction: type === "d" ? "relayed" : type === "b" ? "failed" : "delayed",
    dsnStatus: dsnStatusText(status),
    dsnDiag: diag,
    dsnMta: ctx.remoteIp ? `${ctx.remoteHost ?? ctx.remoteIp} (${ctx.remoteIp})` : "",
    bounceCat: type === "d" ? "" : categoryOf(happening, bounceRules),
    srcType: src.type,
    srcMta: `${src.helo} (${src.ip})`,
    dlvType: ctx.remoteIp ? "smtp" : "",
    dlvSourceIp: ctx.sourceIp ?? "",
    dlvDestinationIp: ctx.remoteIp ?? "",
    dlvEsmtpAvailable: (ctx.extensions ?? []).join(","),
    dlvSize: type === "d" ? envelope.size : 0,
    vmta: ctx.vmta,
    jobId: envelope.jobId ?? "",
    envId: envelope.envId ?? "",
    queue: ctx.queue,
    vmtaPool: rcpt.vmtaPool ?? "",
    dlvTlsProtocol: ctx.tlsProtocol ?? "",
    dlvTlsCipher: ctx.tlsCipher ?? "",
    messageId: envelope.id,
  };
}

/**
 * The `b` record of a recipient whose queue lifetime (`bounce-after`) ran out. Its category is always
 * `message-expired` (powermta.md §3): the last error is quoted in the text, and its words (`mailbox
 * full`) must not make an expiry look like a refusal.
 */
export function expiryHappening(lastError: string | null): Happening {
  const last = lastError ? `; last error: ${lastError.replace(/^smtp;/, "")}` : "";
  return { kind: "local", permanent: true, status: "4.4.7", reason: `4.4.7 message expired${last}`, category: "message-expired" };
}

/** A reply is classified by its text and code; a local reason also by the status Hermod gave it. */
function categoryOf(happening: Happening, rules: readonly BounceRule[]): string {
  if (happening.kind === "reply") return classifyBounce(happening.reply, rules);
  return happening.category ?? classifyBounce(happening.reason, rules, happening.status);
}

/**
 * RFC 3463 enhanced status codes: parsing them out of SMTP replies and naming them the way PowerMTA
 * writes the `dsnStatus` accounting column (`5.1.1 (bad destination mailbox address)`). The texts are
 * the RFC 3463 / IANA registry titles in lower case, with PowerMTA's own wording where it differs.
 */

/** `class.subject.detail`, class 2, 4 or 5 (RFC 3463 §2). */
export const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** Texts by `subject.detail`; the class only says success / transient / permanent. */
const DETAIL_TEXT: Readonly<Record<string, string>> = {
  "0.0": "undefined status",
  "1.0": "other address status",
  "1.1": "bad destination mailbox address",
  "1.2": "bad destination system: no such domain",
  "1.3": "bad destination mailbox address syntax",
  "1.4": "destination mailbox address ambiguous",
  "1.5": "destination address valid",
  "1.6": "destination mailbox has moved, no forwarding address",
  "1.7": "bad sender's mailbox address syntax",
  "1.8": "bad sender's system address",
  "1.9": "message relayed to non-compliant mailer",
  "1.10": "recipient address has null mx",
  "2.0": "other or undefined mailbox status",
  "2.1": "mailbox disabled, not accepting messages",
  "2.2": "mailbox full",
  "2.3": "message length exceeds administrative limit",
  "2.4": "mailing list expansion problem",
  "3.0": "other or undefined mail system status",
  "3.1": "mail system full",
  "3.2": "system not accepting network messages",
  "3.3": "system not capable of selected features",
  "3.4": "message too big for system",
  "3.5": "system incorrectly configured",
  "3.6": "requested priority was changed",
  "4.0": "other or undefined network or routing status",
  "4.1": "no answer from host",
  "4.2": "bad connection",
  "4.3": "directory server failure",
  "4.4": "unable to route",
  "4.5": "mail system congestion",
  "4.6": "routing loop detected",
  "4.7": "delivery time expired",
  "5.0": "other or undefined protocol status",
  "5.1": "invalid command",
  "5.2": "syntax error",
  "5.3": "too many recipients",
  "5.4": "invalid command arguments",
  "5.5": "wrong protocol version",
  "5.6": "authentication exchange line is too long",
  "6.0": "other or undefined media error",
  "6.1": "media not supported",
  "6.2": "conversion required and prohibited",
  "6.3": "conversion required but not supported",
  "6.4": "conversion with loss performed",
  "6.5": "conversion failed",
  "6.6": "message content not available",
  "6.7": "non-ascii addresses not permitted for that sender/recipient",
  "6.8": "utf-8 string reply is required, but not permitted by the smtp client",
  "6.9": "utf-8 header message cannot be transferred to one or more recipients",
  "7.0": "other or undefined security status",
  "7.1": "delivery not authorized, message refused",
  "7.2": "mailing list expansion prohibited",
  "7.3": "security conversion required but not possible",
  "7.4": "security features not supported",
  "7.5": "cryptographic failure",
  "7.6": "cryptographic algorithm not supported",
  "7.7": "message integrity failure",
  "7.8": "authentication credentials invalid",
  "7.9": "authentication mechanism is too weak",
  "7.10": "encryption needed",
  "7.11": "encryption required for requested authentication mechanism",
  "7.12": "a password transition is needed",
  "7.13": "user account disabled",
  "7.14": "trust relationship required",
  "7.15": "priority level is too low",
  "7.16": "message is too big for the specified priority",
  "7.17": "mailbox owner has changed",
  "7.18": "domain owner has changed",
  "7.19": "rrvs test cannot be completed",
  "7.20": "no passing dkim signature found",
  "7.21": "no acceptable dkim signature found",
  "7.22": "no valid author-matched dkim signature found",
  "7.23": "spf validation failed",
  "7.24": "spf validation error",
  "7.25": "reverse dns validation failed",
  "7.26": "multiple authentication checks failed",
  "7.27": "sender address has null mx",
};

/**
 * `dsnStatus` text for an enhanced code. Never throws, because it runs on the accounting path:
 * - a success class reads `success` unless the code is more specific (`2.1.5 (destination address valid)`);
 * - an unknown detail falls back to its subject's generic text (`5.7.99` → `other or undefined
 *   security status`), an unknown subject to `undefined status`;
 * - a malformed code keeps its class digit when it is 2, 4 or 5 and becomes `X.0.0 (undefined status)`,
 *   anything else `5.0.0 (undefined status)`.
 */
export function dsnStatusText(enhanced: string): string {
  if (!ENHANCED_STATUS.test(enhanced)) {
    const cls = /^[245]/.test(enhanced) ? enhanced[0] : "5";
    return `${cls}.0.0 (undefined status)`;
  }
  const [cls, subject, detail] = enhanced.split(".").map(Number);
  const code = `${cls}.${subject}.${detail}`;
  // A success code names no problem: a specific detail (2.1.5) keeps its text, and anything generic
  // (2.6.0 "other or undefined media error") reads as success, as PowerMTA's 2.0.0 (success) does.
  if (cls === 2) return `${code} (${(detail !== 0 && DETAIL_TEXT[`${subject}.${detail}`]) || "success"})`;
  const text =
    DETAIL_TEXT[`${subject}.${detail}`] ??
    DETAIL_TEXT[`${subject}.0`] ??
    (cls === 2 ? "success" : DETAIL_TEXT["0.0"]);
  return `${code} (${text})`;
}

export interface SmtpReply {
  /** Basic reply code (250, 550 …); 0 when the text is not an SMTP reply (a local reason). */
  code: number;
  /** Enhanced status code, when the reply carries one whose class agrees with `code`. */
  enhanced: string | null;
  /** The human text, lines joined by one space, codes removed. */
  text: string;
}

const REPLY_LINE = /^(\d{3})(?:[ -]|$)(.*)$/;
const LEADING_ENHANCED = /^#?([245]\.\d{1,3}\.\d{1,3})(?=\s|$)\s*/;

/**
 * Parses a remote reply (single or multi-line, optionally prefixed `smtp;` as in `dsnDiag`) or a
 * local reason that may start with an enhanced code (`4.4.7 delivery time expired`).
 *
 * An enhanced code whose class disagrees with the basic code is dropped (RFC 3463 §2 requires them to
 * agree): the basic code decides retry versus bounce, so a `Status:` must never contradict it.
 */
export function parseSmtpReply(input: string): SmtpReply {
  const raw = input.replace(/^\s*smtp;\s*/i, "");
  const lines = raw.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  const first = lines.length > 0 ? REPLY_LINE.exec(lines[0]) : null;
  if (!first) {
    const text = collapse(raw);
    const m = LEADING_ENHANCED.exec(text);
    return m ? { code: 0, enhanced: m[1], text: text.slice(m[0].length) } : { code: 0, enhanced: null, text };
  }
  const code = Number(first[1]);
  let enhanced: string | null = null;
  const parts: string[] = [];
  for (const line of lines) {
    const m = REPLY_LINE.exec(line);
    let rest = m && m[1] === first[1] ? m[2] : line;
    const e = LEADING_ENHANCED.exec(rest);
    if (e) {
      enhanced ??= e[1];
      rest = rest.slice(e[0].length);
    }
    parts.push(rest);
  }
  if (enhanced !== null && enhanced[0] !== first[1][0]) enhanced = null;
  return { code, enhanced, text: collapse(parts.join(" ")) };
}

/**
 * The enhanced code to report when a reply has none: 2xx → 2.0.0, 4xx → 4.0.0, anything else → 5.0.0
 * (1xx/3xx at the end of a transaction, or no code at all, are protocol failures treated as permanent).
 */
export function deriveEnhancedStatus(code: number): string {
  const cls = Math.floor(code / 100);
  if (cls === 2) return "2.0.0";
  if (cls === 4) return "4.0.0";
  return "5.0.0";
}

/** The reply's enhanced code, or the one derived from its basic code. */
export function enhancedStatusOf(reply: SmtpReply): string {
  return reply.enhanced ?? deriveEnhancedStatus(reply.code);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

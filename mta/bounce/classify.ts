/**
 * Bounce classification, PowerMTA style: an ordered list of `/regex/ category` rules, first match
 * wins, ending in a catch-all. The rules are data so that a `<bounce-category-patterns>` block can put
 * its own in front of them; the evaluation below is the only code.
 */

import type { BounceCategory } from "./categories";
import { enhancedStatusOf, parseSmtpReply } from "./status-text";

export interface BounceRule {
  pattern: RegExp;
  category: BounceCategory;
}

/**
 * The dispatcher's prefix on a failed connection, `ESOCKET 192.0.2.20:25: `, before the socket's own
 * message (`connect ECONNREFUSED 192.0.2.20:25`).
 */
const CONNECT_PREFIX = String.raw`^(?:E[A-Z]+ \S+: )?`;

function local(source: string, category: BounceCategory): BounceRule {
  return { pattern: new RegExp(CONNECT_PREFIX + source, "i"), category };
}

/**
 * Hermod's own reasons for failures that have no remote reply (connect errors, DNS). They come first
 * because PowerMTA's text rules would misread them (`Connection refused` would hit `/refused/` →
 * policy-related). Every pattern is anchored at the start of the text and none can start with a
 * digit, so a remote reply, which always starts with its 3-digit code, never matches them.
 */
export const LOCAL_REASON_RULES: readonly BounceRule[] = [
  local(String.raw`(?:connect\s+)?ETIMEDOUT\b`, "no-answer-from-host"),
  local(String.raw`(?:connection|greeting|read|socket|command)?\s*(?:timed\s*out|timeout)\b`, "no-answer-from-host"),
  local(String.raw`greeting never received\b`, "no-answer-from-host"),
  local(String.raw`(?:connect\s+|read\s+|write\s+)?(?:ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE)\b`, "bad-connection"),
  local(String.raw`(?:connection (?:refused|reset|closed|lost)|no route to host|network is unreachable)\b`, "bad-connection"),
  local(String.raw`(?:\w+\s+)?(?:ENOTFOUND|NXDOMAIN)\b`, "bad-domain"),
  local(String.raw`(?:no mx|no mail exchanger|domain not found|host not found)\b`, "bad-domain"),
  // require-starttls could not be met (not offered, refused, handshake failed): no secure connection.
  { pattern: /^ETLS\b/, category: "bad-connection" },
];

const WHO = "(user|mailbox|recipient|rcpt|local part|address|account|mail drop|ad(d?)ressee)";
const NOT_VALID = "(not (a +)?valid|not known|not here|not found|does not exist|bad|invalid|unknown|illegal|unavailable)";

function rule(source: string, category: BounceCategory): BounceRule {
  return { pattern: new RegExp(source, "i"), category };
}

/**
 * PowerMTA's default `<bounce-category-patterns>` from `config-defaults`, in its order (powermta.md §3).
 * They are matched case-insensitively: real replies say `User unknown` and `Mailbox full`, and a
 * case-sensitive `/user .* unknown/` would let Postfix's `Recipient address rejected: User unknown`
 * fall through to `/rejected/` (policy-related).
 */
export const POWERMTA_DEFAULT_RULES: readonly BounceRule[] = [
  rule("spam", "spam-related"),
  rule("junk mail", "spam-related"),
  rule("blacklist", "spam-related"),
  rule("blocked", "spam-related"),
  rule("\\bU\\.?C\\.?E\\.?\\b", "spam-related"),
  rule("\\bAdv(ertisements?)?\\b", "spam-related"),
  rule("unsolicited", "spam-related"),
  rule("\\b(open)?RBL\\b", "spam-related"),
  rule("realtime blackhole", "spam-related"),
  rule("http:\\/\\/basic.wirehub.nl\\/blackholes.html", "spam-related"),
  rule("\\bvirus\\b", "virus-related"),
  rule("message +content", "content-related"),
  rule("content +rejected", "content-related"),
  rule("quota", "quota-issues"),
  rule("limit exceeded", "quota-issues"),
  rule("mailbox +(is +)?full", "quota-issues"),
  rule("\\bstorage\\b", "quota-issues"),
  rule(`${WHO} (has|has been|is)? *(currently|temporarily +)?(disabled|expired|inactive|not activated)`, "inactive-mailbox"),
  rule("(conta|usu.rio) inativ(a|o)", "inactive-mailbox"),
  rule(`Too many (bad|invalid|unknown|illegal|unavailable) ${WHO}`, "other"),
  rule(`(No such|bad|invalid|unknown|illegal|unavailable) (local +)?${WHO}`, "bad-mailbox"),
  rule(`${WHO} +(\\S+@\\S+ +)?${NOT_VALID}`, "bad-mailbox"),
  rule(`\\S+@\\S+ +(is +)?${NOT_VALID}`, "bad-mailbox"),
  rule("no mailbox here by that name", "bad-mailbox"),
  rule("my badrcptto list", "bad-mailbox"),
  rule("not our customer", "bad-mailbox"),
  rule("no longer (valid|available)", "bad-mailbox"),
  rule("have a \\S+ account", "bad-mailbox"),
  rule("\\brelay(ing)?", "relaying-issues"),
  rule("domain (retired|bad|invalid|unknown|illegal|unavailable)", "bad-domain"),
  rule("domain no longer in use", "bad-domain"),
  rule("domain (\\S+ +)?(is +)?obsolete", "bad-domain"),
  rule("denied", "policy-related"),
  rule("prohibit", "policy-related"),
  rule("rejected", "policy-related"),
  rule("refused", "policy-related"),
  rule("allowed", "policy-related"),
  rule("banned", "policy-related"),
  rule("policy", "policy-related"),
  rule("suspicious activity", "policy-related"),
  rule("bad sequence", "protocol-errors"),
  rule("syntax error", "protocol-errors"),
  rule("\\broute\\b", "routing-errors"),
  rule("\\bunroutable\\b", "routing-errors"),
  rule("\\bunrouteable\\b", "routing-errors"),
  // DSN-code rules: these only ever match the enhanced status code (see classifyBounce).
  rule("^2.\\d.\\d", "success"),
  rule("^[45]\\.1\\.1", "bad-mailbox"),
  rule("^[45]\\.1\\.2", "bad-domain"),
  rule("^[45]\\.3\\.5", "bad-configuration"),
  rule("^[45]\\.4\\.1", "no-answer-from-host"),
  rule("^[45]\\.4\\.2", "bad-connection"),
  rule("^[45]\\.4\\.4", "routing-errors"),
  rule("^[45]\\.4\\.6", "routing-errors"),
  rule("^[45]\\.4\\.7", "message-expired"),
  rule("^[45]\\.7\\.1", "policy-related"),
  { pattern: /(?:)/, category: "other" },
];

export const DEFAULT_BOUNCE_RULES: readonly BounceRule[] = [...LOCAL_REASON_RULES, ...POWERMTA_DEFAULT_RULES];

/**
 * Replies longer than this are cut before matching. SMTP lines are at most 512 octets, so this keeps
 * every real reply whole while bounding the cost of patterns like `\S+@\S+` on hostile input.
 */
const MAX_MATCHED_CHARS = 2048;

/**
 * Category of a remote reply or local reason. `rules` (a custom `<bounce-category-patterns>` block)
 * are consulted before the defaults, as in PowerMTA. Each rule is tried against the reply text and then
 * against its enhanced status code (taken from the reply, else derived from the basic code: `250 OK`
 * → 2.0.0), so `/^[45]\.1\.1/` and `/user unknown/` live in one ordered list. A local reason that
 * carries no code of its own is matched with `localStatus` (the status Hermod gave it, e.g. 4.3.5 for
 * a VirtualMTA a reload removed) as its code. Always returns a category: the defaults end in a catch-all.
 */
export function classifyBounce(text: string, rules: readonly BounceRule[] = [], localStatus?: string): BounceCategory {
  const reply = parseSmtpReply(text.slice(0, MAX_MATCHED_CHARS));
  // The reply on one line, `smtp;` prefix and continuation codes removed: `550 5.1.1 text…`.
  const subject = [reply.code > 0 ? String(reply.code) : "", reply.enhanced ?? "", reply.text].filter(Boolean).join(" ");
  const status = reply.code > 0 || reply.enhanced !== null ? enhancedStatusOf(reply) : (localStatus ?? "");
  for (const list of [rules, DEFAULT_BOUNCE_RULES]) {
    for (const { pattern, category } of list) {
      if (matches(pattern, subject) || (status !== "" && matches(pattern, status))) return category;
    }
  }
  return "other";
}

function matches(pattern: RegExp, value: string): boolean {
  // A custom rule compiled with /g or /y keeps state between calls; classification must not.
  pattern.lastIndex = 0;
  return pattern.test(value);
}

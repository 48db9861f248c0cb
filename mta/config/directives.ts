/**
 * The directives Hermod acts on inside `<source>`, `<domain>` and `<acct-file>`, as data: directive name
 * → setting key and the zod schema that parses and range-checks its value. Adding a directive here
 * (and its field in types.ts/schema.ts) is all it takes to start acting on it. The traffic-shaping and
 * backoff directives of `<domain>` are in shaping-directives.ts.
 */

import { DKIM_DOMAIN_DIRECTIVES } from "./dkim-directives";
import { readValue, setting, type DirectiveHandler } from "./directive-value";
import { shift } from "./diagnostics";
import { fail, ok, type Parsed } from "./parsed";
import { normalizeDomain } from "./domain-pattern";
import { parseBlockName, parseHeaderName, parseVirtualMtaName } from "./names";
import { fromParser, SETTING } from "./schema";
import { OUTBOUND_AUTH_DIRECTIVES } from "./auth-directives";
import { SHAPING_DIRECTIVES } from "./shaping-directives";
import { parseSmtpHosts, parsePort } from "./smtp-hosts";
import { closest, didYouMean } from "./suggest";
import type { AcctRecordType, DomainSettings, SourceSettings } from "./types";
import { parseBoolean, parseCount, parseInterval, parseIntervalList, parseList, parseRate, parseSize } from "./units";

export { readValue, setting, type DirectiveHandler } from "./directive-value";

const count = fromParser((t) => parseCount(t));
const countOrUnlimited = fromParser((t) => parseCount(t, { unlimited: true }));
const boolean = fromParser(parseBoolean);
const rate = fromParser(parseRate);

/**
 * `default-virtual-mta NAME` (whether NAME exists is checked once the whole file is read).
 * `by-smtp-source-ip` (pick the VirtualMTA whose source host is the address the client connected to)
 * is recognised but not acted on yet.
 */
const defaultVirtualMta: DirectiveHandler<SourceSettings> = (d, out, diags) => {
  if (d.value.trim().toLowerCase() === "by-smtp-source-ip") {
    diags.warning(d.valueLoc, "`default-virtual-mta by-smtp-source-ip` is a PowerMTA feature Hermod does not act on yet; ignored");
    return;
  }
  const r = readValue(d, fromParser(parseVirtualMtaName), diags);
  if (r) out.defaultVirtualMta = r.value;
};

export const SOURCE_DIRECTIVES: Readonly<Record<string, DirectiveHandler<SourceSettings>>> = {
  "always-allow-relaying": setting("alwaysAllowRelaying", boolean),
  "max-message-size": setting("maxMessageSize", fromParser(parseSize).pipe(SETTING.bytes)),
  "max-rcpt-per-message": setting("maxRcptPerMessage", countOrUnlimited.pipe(SETTING.zeroIsUnlimited)),
  "max-message-hops": setting("maxMessageHops", count.pipe(SETTING.atLeastOne)),
  "smtp-service": setting("smtpService", boolean),
  "default-virtual-mta": defaultVirtualMta,
  "process-x-virtual-mta": setting("processXVirtualMta", boolean),
  "retain-x-virtual-mta": setting("retainXVirtualMta", boolean),
  "process-x-job": setting("processXJob", boolean),
  "retain-x-job": setting("retainXJob", boolean),
  "jobid-header": setting("jobIdHeader", fromParser(parseHeaderName)),
  /** Whether the list exists is checked once the whole file is read (PowerMTA wants it defined first). */
  "pattern-list": setting("patternList", fromParser((t) => parseBlockName(t, "pattern-list"))),
  "hide-message-source": setting("hideMessageSource", boolean),
  "add-received-header": setting("addReceivedHeader", boolean),
  "require-auth": setting("requireAuth", boolean),
  "allow-unencrypted-plain-auth": setting("allowUnencryptedPlainAuth", boolean),
  "smtp-max-auth-failure-rate": setting("maxAuthFailureRate", rate),
  /** Hermod extension: messages accepted per client IP per interval (450 4.7.1 over it). */
  "max-smtp-in-msg-rate": setting("maxSmtpInMsgRate", rate),
  "suppression-lists": setting("suppressionLists", fromParser(parseListNames)),
  "accept-invalid-recipients": setting("acceptInvalidRecipients", boolean),
  /** Hermod extension: SPF, DKIM, DMARC and ARC checked at reception (mta/inbound-auth). */
  "verify-inbound-auth": setting("verifyInboundAuth", boolean),
  "verify-inbound-auth-timeout": setting("verifyInboundAuthTimeout", fromParser(parseInterval).pipe(SETTING.replyWait)),
};

/** `suppression-lists NAME[, NAME…]`: names of console suppression lists (whether they exist is checked by the console). */
function parseListNames(text: string): Parsed<string[]> {
  const names = text.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (names.length === 0) return fail("expected one or more suppression list names, separated by commas");
  const bad = names.find((n) => !/^[A-Za-z0-9_.@-]+$/.test(n));
  return bad ? fail(`invalid suppression list name "${bad}": letters, digits, "_", ".", "@" and "-" only`) : ok(names);
}

/** `queue-to NAME`: the queue (a domain, or a rollup name such as `gmail.rollup`) this domain joins. */
function parseQueueName(text: string): Parsed<string> {
  const name = normalizeDomain(text);
  return name === null ? fail(`invalid queue-to "${text.trim()}": expected a domain or queue name such as gmail.rollup`) : ok(name);
}

/** `smtp-hosts`: `""` clears an inherited value (back to MX routing); `lookup-mx:` is not supported yet. */
const smtpHosts: DirectiveHandler<DomainSettings> = (d, out, diags) => {
  if (d.value === "" && d.quoted) {
    out.smtpHosts = null;
    return;
  }
  const r = readValue(d, fromParser(parseSmtpHosts), diags);
  if (!r) return;
  if (r.value.kind === "lookup-mx") {
    diags.warning(
      shift(d.valueLoc, r.value.offset),
      "`smtp-hosts lookup-mx:` is a PowerMTA feature Hermod does not act on yet; this smtp-hosts line is ignored",
    );
    return;
  }
  out.smtpHosts = r.value.levels;
};

const maxRcptPerTransaction = setting<DomainSettings, "maxRcptPerTransaction">(
  "maxRcptPerTransaction",
  count.pipe(SETTING.atLeastOne),
);

export const DOMAIN_DIRECTIVES: Readonly<Record<string, DirectiveHandler<DomainSettings>>> = {
  ...SHAPING_DIRECTIVES,
  ...OUTBOUND_AUTH_DIRECTIVES,
  ...DKIM_DOMAIN_DIRECTIVES,
  "smtp-hosts": smtpHosts,
  "retry-after": setting("retryAfter", fromParser(parseIntervalList).pipe(SETTING.retryAfter)),
  "bounce-after": setting("bounceAfter", fromParser(parseInterval).pipe(SETTING.duration)),
  "max-smtp-out": setting("maxSmtpOut", count.pipe(SETTING.atLeastOne)),
  "use-starttls": setting("useStarttls", boolean),
  "max-msg-per-connection": setting("maxMsgPerConnection", countOrUnlimited.pipe(SETTING.zeroIsUnlimited)),
  "max-rcpt-per-transaction": maxRcptPerTransaction,
  /** In `<domain>`, PowerMTA accepts `max-rcpt-per-message` as an alias of `max-rcpt-per-transaction`. */
  "max-rcpt-per-message": maxRcptPerTransaction,
  "default-smtp-port": setting("defaultSmtpPort", fromParser(parsePort)),
  "connect-timeout": setting("connectTimeout", fromParser(parseInterval).pipe(SETTING.duration)),
  "smtp-greeting-timeout": setting("greetingTimeout", fromParser(parseInterval).pipe(SETTING.duration)),
  "data-send-timeout": setting("dataTimeout", fromParser(parseInterval).pipe(SETTING.duration)),
  "queue-to": setting("queueTo", fromParser(parseQueueName)),
  "queue-priority": setting("queuePriority", count.pipe(SETTING.priority)),
  "require-starttls": setting("requireStarttls", boolean),
  "max-message-size": setting("maxMessageSize", fromParser(parseSize).pipe(SETTING.bytes)),
};

/** Record type names of `records` (UG5.0 §3.3.11.11): short and long forms. */
const RECORD_TYPES: Readonly<Record<string, AcctRecordType>> = {
  d: "d", delivery: "d",
  b: "b", bounce: "b",
  t: "t", transient: "t",
  tq: "tq", "transient-queue": "tq",
  r: "r", receipt: "r",
  f: "f", "feedback-loop": "f",
  rb: "rb", "remote-bounce": "rb",
  rs: "rs", "remote-status": "rs",
};

/** `d,b,t` or `delivery, bounce, transient`: normalised to short names, duplicates dropped. */
export function parseRecords(text: string): Parsed<AcctRecordType[]> {
  const list = parseList(text, (item) => {
    const type = RECORD_TYPES[item.toLowerCase()];
    if (type) return ok(type);
    const hint = didYouMean(closest(item.toLowerCase(), Object.keys(RECORD_TYPES)));
    return fail(`unknown record type "${item}"${hint}: expected d, b, t, tq, r, f, rb or rs (or delivery, bounce, transient, …)`);
  });
  return list.ok ? ok([...new Set(list.value)]) : list;
}

export const ACCT_FILE_DIRECTIVES = {
  records: fromParser(parseRecords),
} as const;

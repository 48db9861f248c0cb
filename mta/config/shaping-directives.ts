/**
 * The `<domain>` directives for traffic shaping, adaptive backoff and the remote-server quirks that go
 * with them (UG5.0 §3.3.10, powermta.md §1.4-1.6), as data like directives.ts. PowerMTA's defaults are
 * in defaults.ts; the ones that follow other settings (`backoff-max-msg-rate` follows `max-msg-rate`)
 * are derived when a queue's settings are resolved (domain-settings.ts), not here.
 *
 * Names other blocks refer to (`backoff-reroute-to-virtual-mta`, `smtp-pattern-list`) are checked once
 * the whole file is read (compile-blocks.ts, references.ts). `""` clears an inherited name.
 */

import { formatCidr, parseCidr } from "./cidr";
import { readValue, setting, type DirectiveHandler } from "./directive-value";
import { parseBlockName, parseVirtualMtaName } from "./names";
import { fail, ok, type Parsed } from "./parsed";
import { fromParser, SETTING } from "./schema";
import type { DomainSettings, Rate } from "./types";
import {
  parseBoolean,
  parseCount,
  parseDailyCounts,
  parseInterval,
  parseIntervalList,
  parseIntervalOrNever,
  parseRate,
} from "./units";

type Handler = DirectiveHandler<DomainSettings>;

const rate = fromParser(parseRate);
const boolean = fromParser(parseBoolean);
const duration = fromParser(parseInterval).pipe(SETTING.duration);

/** `yes`/`true` (0: bounce at once), `no`/`false`/`never` (false), or a time interval (UG5.0 §3.3.10.60). */
function parseBounceUponNoMx(text: string): Parsed<false | number> {
  const t = text.trim().toLowerCase();
  if (t === "never") return ok(false);
  const flag = parseBoolean(t);
  if (flag.ok) return ok(flag.value ? 0 : false);
  const interval = parseInterval(t);
  return interval.ok ? interval : fail(`invalid bounce-upon-no-mx "${text.trim()}": expected yes, no, never or a time interval such as 30m`);
}

/** `max-cold-virtual-mta-msg`: a list of nothing but zeros is PowerMTA's default `0/d`, no diversion (null). */
function parseColdSchedule(text: string): Parsed<number[] | null> {
  const counts = parseDailyCounts(text);
  return counts.ok && counts.value.every((n) => n === 0) ? ok(null) : counts;
}

/** A name another block must define; `""` stores "" (cleared), which resolving drops (domain-settings.ts). */
function clearableName(key: "backoffRerouteToVirtualMta" | "smtpPatternList", parse: (text: string) => Parsed<string>): Handler {
  return (d, out, diags) => {
    if (d.value === "" && d.quoted) {
      out[key] = "";
      return;
    }
    const r = readValue(d, fromParser(parse), diags);
    if (r) out[key] = r.value;
  };
}

type CidrKey = "sourceIpMaxMsgRate" | "sourceIpMaxConnectRate" | "sourceIpMaxSmtpOut";
type Entry<K extends CidrKey> = DomainSettings[K][number];

/**
 * `source-ip-max-… CIDR VALUE` (repeatable): one entry per CIDR (canonical form); the same CIDR again in
 * the same block replaces the earlier entry, with a warning.
 */
function perSourceIp<K extends CidrKey>(key: K, what: string, read: (cidr: string, text: string) => Parsed<Entry<K>>): Handler {
  return (d, out, diags) => {
    const [cidrWord, valueWord, extra] = d.words;
    if (!cidrWord || !valueWord || extra) {
      const at = extra ? { ...d.loc, col: extra.col } : d.valueLoc;
      diags.error(at, `${d.name} takes CIDR ${what}: a source address or range and its limit, e.g. ${d.name} 192.0.2.0/24 ${what === "N" ? "10" : "100/h"}`);
      return;
    }
    const cidr = parseCidr(cidrWord.text);
    if (!cidr.ok) {
      diags.error({ ...d.loc, col: cidrWord.col }, cidr.message);
      return;
    }
    const text = formatCidr(cidr.value);
    const entry = read(text, valueWord.text);
    if (!entry.ok) {
      diags.error({ ...d.loc, col: valueWord.col + (entry.offset ?? 0) }, entry.message);
      return;
    }
    const list = (out[key] ?? []) as Entry<K>[];
    if (list.some((e) => e.cidr === text)) diags.warning(d.loc, `${d.name} for ${text} is already set in this block; the last one wins`);
    out[key] = [...list.filter((e) => e.cidr !== text), entry.value] as DomainSettings[K];
  };
}

const withRate = (cidr: string, text: string): Parsed<{ cidr: string; rate: Rate | null }> => {
  const r = parseRate(text);
  return r.ok ? ok({ cidr, rate: r.value }) : r;
};

/** N connections, or `unlimited`/0: no limit for that source address (overrides a broader entry). */
const withMax = (cidr: string, text: string): Parsed<{ cidr: string; max: number }> => {
  const n = parseCount(text, { unlimited: true });
  return n.ok ? ok({ cidr, max: n.value }) : n;
};

const sourceIpMaxSmtpOut = perSourceIp("sourceIpMaxSmtpOut", "N", withMax);

/** `max-smtp-out-per-source-ip`: deprecated since `source-ip-max-smtp-out` (UG5.0 §3.3.10.76); read as it. */
const maxSmtpOutPerSourceIp: Handler = (d, out, diags) => {
  diags.warning(
    d.loc,
    "`max-smtp-out-per-source-ip` is deprecated in PowerMTA (UG5.0 §3.3.10.76); read as `source-ip-max-smtp-out CIDR N`, which is what to write instead",
  );
  sourceIpMaxSmtpOut(d, out, diags);
};

export const SHAPING_DIRECTIVES: Readonly<Record<string, Handler>> = {
  "max-msg-rate": setting("maxMsgRate", rate),
  "max-connect-rate": setting("maxConnectRate", rate),
  "backoff-max-msg-rate": setting("backoffMaxMsgRate", rate),
  "backoff-max-connect-rate": setting("backoffMaxConnectRate", rate),
  "backoff-max-smtp-out": setting("backoffMaxSmtpOut", fromParser((t) => parseCount(t)).pipe(SETTING.atLeastOne)),
  "backoff-retry-after": setting("backoffRetryAfter", fromParser(parseIntervalList).pipe(SETTING.retryAfter)),
  "backoff-to-normal-after": setting("backoffToNormalAfter", fromParser(parseIntervalOrNever).pipe(SETTING.positiveDurationOrNever)),
  "backoff-to-normal-after-delivery": setting("backoffToNormalAfterDelivery", boolean),
  /** A VirtualMTA or (5.0r5+) a pool; UG5.0 §3.3.10.50. */
  "backoff-reroute-to-virtual-mta": clearableName("backoffRerouteToVirtualMta", parseVirtualMtaName),
  "smtp-pattern-list": clearableName("smtpPatternList", (t) => parseBlockName(t, "smtp-pattern-list")),
  "retry-recipients-after": setting("retryRecipientsAfter", duration),
  "reenable-source-ip-after": setting("reenableSourceIpAfter", duration),
  "bounce-upon-no-mx": setting("bounceUponNoMx", fromParser(parseBounceUponNoMx)),
  "smtp-421-means-mx-unavailable": setting("smtp421MeansMxUnavailable", boolean),
  "source-ip-max-msg-rate": perSourceIp("sourceIpMaxMsgRate", "RATE", withRate),
  "source-ip-max-connect-rate": perSourceIp("sourceIpMaxConnectRate", "RATE", withRate),
  "source-ip-max-smtp-out": sourceIpMaxSmtpOut,
  "max-smtp-out-per-source-ip": maxSmtpOutPerSourceIp,
  "max-cold-virtual-mta-msg": setting("maxColdVirtualMtaMsg", fromParser(parseColdSchedule)),
  /** `never` (or 0) sends no delay notices. */
  "notify-of-delay-every": setting("notifyOfDelayEvery", fromParser(parseIntervalOrNever).pipe(SETTING.durationOrNever)),
};

/** `<domain>` directives that add to a list when repeated instead of replacing the value. */
export const REPEATABLE_DOMAIN_DIRECTIVES: ReadonlySet<string> = new Set([
  "source-ip-max-msg-rate",
  "source-ip-max-connect-rate",
  "source-ip-max-smtp-out",
  "max-smtp-out-per-source-ip",
]);

/** Where a directive that names another block points, for references.ts: the key and what it names. */
export const DOMAIN_REFERENCES = [
  { directive: "backoff-reroute-to-virtual-mta", key: "backoffRerouteToVirtualMta", kind: "vmta-or-pool" },
  { directive: "smtp-pattern-list", key: "smtpPatternList", kind: "smtp-pattern-list" },
] as const;

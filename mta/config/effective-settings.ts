/**
 * `pmta show settings domain[/vmta]`: every `<domain>` setting a queue works under, written as the
 * config language writes it, with the block that set it ("default" when none did).
 *
 * The values are the engine's own resolution (resolveDomain), so they cannot disagree with what the
 * queue does; the provenance replays the same merge order as domain-index.ts and vmta-index.ts:
 * levels top level → pool → VirtualMTA; inside a level `*`, then each parent suffix from the top-level
 * domain down (`[*.]suffix`, `*.suffix`), then `[*.]domain`, then `domain`; within one pattern the
 * macro-made blocks before the explicit ones, in file order. The last block to set a key is its source.
 */

import { basename } from "node:path";
import { DEFAULT_SMTP_TIMEOUTS } from "./defaults";
import { normalizeDomain, parseDomainPattern } from "./domain-pattern";
import {
  formatBoolean,
  formatInterval,
  formatIntervalList,
  formatRate,
  formatSize,
  formatSmtpHosts,
} from "./format-values";
import { resolveDomain, resolveVirtualMta } from "./resolve";
import type { DomainRule, DomainSettings, MtaConfig } from "./types";

export interface SettingWithSource {
  directive: string;
  value: string;
  from: string;
}

/** One level of `<domain>` blocks and how its blocks are named ("<virtual-mta v1> "). */
interface Level {
  prefix: string;
  rules: readonly DomainRule[];
}

type CidrKey = "sourceIpMaxMsgRate" | "sourceIpMaxConnectRate" | "sourceIpMaxSmtpOut";

/** Directive and formatter of each setting; a formatter's null leaves the setting out (not set). */
type Rows = { [K in Exclude<keyof DomainSettings, CidrKey>]-?: [string, (v: DomainSettings[K]) => string | null] };

const count = (n: number) => String(n);
const unlimitedIfZero = (n: number) => (n === 0 ? "unlimited" : String(n));
const name = (v: string | undefined) => v ?? null;

const ROWS: Rows = {
  smtpHosts: ["smtp-hosts", (v) => (v ? formatSmtpHosts(v) : null)],
  queueTo: ["queue-to", name],
  maxSmtpOut: ["max-smtp-out", count],
  maxMsgRate: ["max-msg-rate", formatRate],
  maxConnectRate: ["max-connect-rate", formatRate],
  maxMsgPerConnection: ["max-msg-per-connection", unlimitedIfZero],
  maxRcptPerTransaction: ["max-rcpt-per-transaction", count],
  maxMessageSize: ["max-message-size", (v) => formatSize(v)],
  retryAfter: ["retry-after", formatIntervalList],
  retryRecipientsAfter: ["retry-recipients-after", formatInterval],
  bounceAfter: ["bounce-after", formatInterval],
  bounceUponNoMx: ["bounce-upon-no-mx", (v) => (v === false ? "no" : v === 0 ? "yes" : formatInterval(v))],
  notifyOfDelayEvery: ["notify-of-delay-every", (v) => (v === 0 ? "never" : formatInterval(v))],
  queuePriority: ["queue-priority", count],
  useStarttls: ["use-starttls", formatBoolean],
  requireStarttls: ["require-starttls", formatBoolean],
  authUsername: ["auth-username", (v) => v || null],
  authPassword: ["auth-password", (v) => (v ? "********" : null)],
  authOauth2Token: ["auth-oauth2-token", (v) => (v ? "********" : null)],
  useUnencryptedPlainAuth: ["use-unencrypted-plain-auth", (v) => (v === undefined ? null : formatBoolean(v))],
  defaultSmtpPort: ["default-smtp-port", count],
  connectTimeout: ["connect-timeout", (v) => formatInterval(v ?? DEFAULT_SMTP_TIMEOUTS.connect)],
  greetingTimeout: ["smtp-greeting-timeout", (v) => formatInterval(v ?? DEFAULT_SMTP_TIMEOUTS.greeting)],
  dataTimeout: ["data-send-timeout", (v) => formatInterval(v ?? DEFAULT_SMTP_TIMEOUTS.data)],
  smtp421MeansMxUnavailable: ["smtp-421-means-mx-unavailable", formatBoolean],
  smtpPatternList: ["smtp-pattern-list", name],
  backoffMaxSmtpOut: ["backoff-max-smtp-out", count],
  backoffMaxMsgRate: ["backoff-max-msg-rate", formatRate],
  backoffMaxConnectRate: ["backoff-max-connect-rate", formatRate],
  backoffRetryAfter: ["backoff-retry-after", formatIntervalList],
  backoffToNormalAfter: ["backoff-to-normal-after", (v) => (v === null ? "never" : formatInterval(v))],
  backoffToNormalAfterDelivery: ["backoff-to-normal-after-delivery", formatBoolean],
  backoffRerouteToVirtualMta: ["backoff-reroute-to-virtual-mta", name],
  reenableSourceIpAfter: ["reenable-source-ip-after", formatInterval],
  dkimSign: ["dkim-sign", formatBoolean],
  dkimIdentity: ["dkim-identity", name],
  maxColdVirtualMtaMsg: ["max-cold-virtual-mta-msg", (v) => (v ? v.map((n) => `${n}/d`).join(",") : "0/d")],
};

const CIDR_ROWS: readonly { key: CidrKey; directive: string; value: (e: { rate?: unknown; max?: number }) => string }[] = [
  { key: "sourceIpMaxMsgRate", directive: "source-ip-max-msg-rate", value: (e) => formatRate(e.rate as DomainSettings["maxMsgRate"]) },
  { key: "sourceIpMaxConnectRate", directive: "source-ip-max-connect-rate", value: (e) => formatRate(e.rate as DomainSettings["maxMsgRate"]) },
  { key: "sourceIpMaxSmtpOut", directive: "source-ip-max-smtp-out", value: (e) => unlimitedIfZero(e.max ?? 0) },
];

/**
 * The settings of queue `domain` on VirtualMTA (or pool) `vmta` (undefined: `{default}`), or null when
 * `vmta` names neither.
 */
export function effectiveSettings(config: MtaConfig, domain: string, vmta?: string): SettingWithSource[] | null {
  const levels = levelsOf(config, vmta);
  if (!levels) return null;
  const settings = resolveDomain(config, domain, vmta);
  const from = provenance(levels, normalizeDomain(domain));
  const out: SettingWithSource[] = [];
  for (const key of Object.keys(ROWS) as (keyof Rows)[]) {
    const [directive, format] = ROWS[key] as [string, (v: unknown) => string | null];
    const value = format(settings[key]);
    if (value !== null) out.push({ directive, value, from: from.get(key) ?? "default" });
  }
  for (const row of CIDR_ROWS) {
    for (const entry of settings[row.key]) {
      out.push({ directive: row.directive, value: `${entry.cidr} ${row.value(entry)}`, from: from.get(`${row.key} ${entry.cidr}`) ?? "default" });
    }
  }
  return out;
}

/** The levels a queue of `vmta` inherits from, as vmta-index.ts builds them; null: no such name. */
function levelsOf(config: MtaConfig, vmta: string | undefined): Level[] | null {
  const top: Level = { prefix: "", rules: config.domains };
  if (vmta === undefined) return [top];
  const found = resolveVirtualMta(config, vmta);
  if (!found) return null;
  if (found.kind === "pool") return [top, { prefix: `<virtual-mta-pool ${found.pool.name}> `, rules: found.pool.domains }];
  const own = found.vmta.name.toLowerCase();
  const pools = config.pools
    .filter((p) => p.domains.length > 0 && p.members.some((m) => m.toLowerCase() === own))
    .map((p) => ({ prefix: `<virtual-mta-pool ${p.name}> `, rules: p.domains }));
  return [top, ...pools, { prefix: `<virtual-mta ${found.vmta.name}> `, rules: found.vmta.domains }];
}

/** Setting key (and `key cidr` for the per-source-address lists) → the block that set it last. */
function provenance(levels: readonly Level[], domain: string | null): Map<string, string> {
  const from = new Map<string, string>();
  for (const level of levels) {
    const matching = level.rules
      .map((rule, order) => ({ rule, order, rank: rankOf(rule.pattern, domain) }))
      .filter((m) => m.rank >= 0)
      .sort((a, b) => a.rank - b.rank || Number(!a.rule.fromMacro) - Number(!b.rule.fromMacro) || a.order - b.order);
    for (const { rule } of matching) {
      const label = `${level.prefix}<domain ${rule.pattern}> ${basename(rule.origin.file)}:${rule.origin.line}`;
      for (const [key, value] of Object.entries(rule.settings)) {
        if (value === undefined) continue;
        if (CIDR_ROWS.some((r) => r.key === key)) for (const e of value as { cidr: string }[]) from.set(`${key} ${e.cidr}`, label);
        else from.set(key, label);
      }
    }
  }
  return from;
}

/**
 * Where `pattern` sits in the merge order for `domain` (domain-index.ts DomainLayers.collect): `*` 0;
 * for a parent suffix of L labels, `[*.]suffix` 2L and `*.suffix` 2L+1; for the domain itself (N
 * labels) `[*.]domain` 2N and `domain` 2N+1. -1: it does not match.
 */
function rankOf(pattern: string, domain: string | null): number {
  const p = parseDomainPattern(pattern);
  if (!p.ok) return -1;
  const v = p.value;
  if (v.kind === "any") return 0;
  if (domain === null || (v.kind !== "exact" && v.kind !== "subdomains" && v.kind !== "domain-and-subdomains")) return -1;
  const labels = (d: string) => d.split(".").length;
  if (domain === v.domain) {
    if (v.kind === "exact") return 2 * labels(domain) + 1;
    return v.kind === "domain-and-subdomains" ? 2 * labels(domain) : -1;
  }
  if (v.kind === "exact" || !domain.endsWith(`.${v.domain}`)) return -1;
  return 2 * labels(v.domain) + (v.kind === "subdomains" ? 1 : 0);
}

/**
 * How `<domain>` layers combine, and the defaults that depend on other settings. Used by the lookups
 * in domain-index.ts and vmta-index.ts, so every way of resolving a domain agrees.
 *
 * - Most keys: a later (more specific) layer replaces the value.
 * - `source-ip-max-*` lists: merged per CIDR, so `<domain *> source-ip-max-msg-rate 0/0 100/h` and
 *   `<domain gmail.com> source-ip-max-msg-rate 192.0.2.1 10/h` both apply to gmail.com; a more specific
 *   layer replaces only the entry with the same CIDR.
 * - Derived defaults are filled in only after the whole chain (top level → pool → VirtualMTA) is
 *   merged, so "defaults to max-msg-rate" means the effective max-msg-rate of that queue, wherever it
 *   was set, unless some level set the backoff value itself.
 */

import { parseCidr } from "./cidr";
import { DEFAULT_BACKOFF_MAX_SMTP_OUT, DEFAULT_DOMAIN_SETTINGS } from "./defaults";
import { deepFreeze } from "./freeze";
import { mergeInto } from "./merge";
import type { DomainSettings } from "./types";

type Layer = Partial<DomainSettings>;

/** Merges `layer` onto `into` (a later layer wins); never mutates the arrays of either. */
export function mergeDomainLayer(into: Layer, layer: Layer | undefined): Layer {
  if (!layer) return into;
  // The settings keyed by CIDR are merged entry by entry instead of replaced.
  const { sourceIpMaxMsgRate: msg, sourceIpMaxConnectRate: connect, sourceIpMaxSmtpOut: smtpOut } = into;
  mergeInto(into, layer);
  if (msg && layer.sourceIpMaxMsgRate) into.sourceIpMaxMsgRate = mergeByCidr(msg, layer.sourceIpMaxMsgRate);
  if (connect && layer.sourceIpMaxConnectRate) into.sourceIpMaxConnectRate = mergeByCidr(connect, layer.sourceIpMaxConnectRate);
  if (smtpOut && layer.sourceIpMaxSmtpOut) into.sourceIpMaxSmtpOut = mergeByCidr(smtpOut, layer.sourceIpMaxSmtpOut);
  return into;
}

function mergeByCidr<T extends { cidr: string }>(before: readonly T[], added: readonly T[]): T[] {
  const replaced = new Set(added.map((e) => e.cidr));
  return [...before.filter((e) => !replaced.has(e.cidr)), ...added];
}

/** The prefix length of a canonical CIDR (as the compiler stores them); -1 when malformed. */
function prefixOf(cidr: string): number {
  const parsed = parseCidr(cidr);
  return parsed.ok ? parsed.value.prefix : -1;
}

/** Most specific first; IPv6 and IPv4 never overlap, so comparing prefix lengths across families is harmless. */
function mostSpecificFirst<T extends { cidr: string }>(list: T[]): T[] {
  return list.length < 2 ? list : [...list].sort((a, b) => prefixOf(b.cidr) - prefixOf(a.cidr));
}

/**
 * The effective settings from the merged layers of one queue's chain (keys present = set somewhere):
 * defaults for the rest, derived defaults, cleared names dropped, CIDR lists sorted. Frozen.
 */
export function finishDomainSettings(chain: Layer): DomainSettings {
  const s = { ...DEFAULT_DOMAIN_SETTINGS, ...definedOnly(chain) } as DomainSettings;
  if (chain.backoffMaxMsgRate === undefined) s.backoffMaxMsgRate = s.maxMsgRate;
  if (chain.backoffMaxConnectRate === undefined) s.backoffMaxConnectRate = s.maxConnectRate;
  if (chain.backoffMaxSmtpOut === undefined) s.backoffMaxSmtpOut = Math.min(DEFAULT_BACKOFF_MAX_SMTP_OUT, s.maxSmtpOut);
  // `backoff-reroute-to-virtual-mta ""` and `smtp-pattern-list ""` clear an inherited name.
  if (s.backoffRerouteToVirtualMta === "") delete s.backoffRerouteToVirtualMta;
  if (s.smtpPatternList === "") delete s.smtpPatternList;
  s.sourceIpMaxMsgRate = mostSpecificFirst(s.sourceIpMaxMsgRate);
  s.sourceIpMaxConnectRate = mostSpecificFirst(s.sourceIpMaxConnectRate);
  s.sourceIpMaxSmtpOut = mostSpecificFirst(s.sourceIpMaxSmtpOut);
  return deepFreeze(s);
}

function definedOnly(layer: Layer): Layer {
  return mergeInto<DomainSettings>({}, layer);
}

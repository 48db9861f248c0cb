/**
 * Per-connection `<source>` lookup, built once per compiled config. CIDR rules are grouped by address
 * family and prefix length, so resolving an address costs one map lookup per distinct prefix length
 * in the config (at most 33 for IPv4, 129 for IPv6), whatever the number of `<source>` blocks.
 *
 * Merge order: defaults → every matching CIDR rule from the shortest prefix to the longest (0/0 first,
 * /32 last) → the named source chosen by the listener or by authentication, which overrides the
 * IP-based settings (UG5.0 §3.3.7). Blocks for the same CIDR or name are merged in file order.
 */

import { formatIp, networkOf, parseCidr, parseIp } from "./cidr";
import { DEFAULT_RELAY_ADDRESSES, DEFAULT_SOURCE_SETTINGS } from "./defaults";
import { deepFreeze } from "./freeze";
import { BoundedCache, mergeInto } from "./merge";
import type { SourceRule, SourceSettings } from "./types";

type Layer = Partial<SourceSettings>;

interface PrefixLevel {
  prefix: number;
  networks: Map<bigint, Layer>;
}

export const SOURCE_CACHE_SIZE = 10_000;

export class SourceIndex {
  private readonly levels: Record<4 | 6, PrefixLevel[]> = { 4: [], 6: [] };
  private readonly named = new Map<string, Layer>();
  private readonly cache: BoundedCache<SourceSettings>;

  constructor(rules: readonly SourceRule[], cacheSize = SOURCE_CACHE_SIZE) {
    this.cache = new BoundedCache(cacheSize);
    for (const rule of rules) {
      if (rule.match.kind === "name") {
        const layer = this.named.get(rule.match.name) ?? {};
        this.named.set(rule.match.name, mergeInto(layer, { ...rule.settings, sourceName: rule.match.name }));
        continue;
      }
      const cidr = parseCidr(rule.match.cidr);
      if (!cidr.ok) continue;
      const { family, prefix, network } = cidr.value;
      let level = this.levels[family].find((l) => l.prefix === prefix);
      if (!level) {
        level = { prefix, networks: new Map() };
        this.levels[family].push(level);
        this.levels[family].sort((a, b) => a.prefix - b.prefix);
      }
      level.networks.set(network, mergeInto(level.networks.get(network) ?? {}, { ...rule.settings, sourceName: rule.match.cidr }));
    }
  }

  /** Effective settings for a peer address (IPv4, IPv6 or IPv4-mapped IPv6). Frozen and shared. */
  resolve(remoteIp: string, namedSource?: string): SourceSettings {
    const key = namedSource === undefined ? remoteIp : `${remoteIp}\u0000${namedSource}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const merged: Layer = { ...DEFAULT_SOURCE_SETTINGS };
    const ip = parseIp(remoteIp);
    if (ip) {
      merged.alwaysAllowRelaying = DEFAULT_RELAY_ADDRESSES.has(formatIp(ip));
      for (const level of this.levels[ip.family]) {
        mergeInto(merged, level.networks.get(networkOf(ip.family, ip.value, level.prefix)));
      }
    }
    if (namedSource !== undefined) mergeInto(merged, this.named.get(namedSource));
    return this.cache.set(key, deepFreeze(merged as SourceSettings));
  }
}

/**
 * Per-domain settings lookup, built once per compiled config. Rules are grouped by pattern at build
 * time, so resolving a domain costs a few map lookups per label of the domain, whatever the number of
 * `<domain>` blocks (the hot path: once per message and destination).
 *
 * Merge order, general to specific (later layers override earlier ones):
 *   defaults → `*` → for each parent suffix from the top-level domain down: `[*.]suffix`, `*.suffix`
 *   → `[*.]domain` → `domain`
 * So the most specific pattern wins regardless of file order, an exact name beats `[*.]name` for the
 * name itself, and deeper suffixes beat shallower ones. Within one pattern, blocks produced by a
 * domain-macro come first and explicitly listed ones after, so the explicit block wins (UG5.0 §3.3.10).
 * How two layers combine, and the defaults derived from other settings, are in domain-settings.ts.
 */

import { normalizeDomain, parseDomainPattern } from "./domain-pattern";
import { finishDomainSettings, mergeDomainLayer } from "./domain-settings";
import { BoundedCache } from "./merge";
import type { DomainRule, DomainSettings } from "./types";

type Layer = Partial<DomainSettings>;

export const DOMAIN_CACHE_SIZE = 10_000;

/** The rules of one level (the top level, a pool or a VirtualMTA), grouped by pattern. */
export class DomainLayers {
  private readonly any: Layer = {};
  private readonly exact = new Map<string, Layer>();
  private readonly subdomains = new Map<string, Layer>();
  private readonly withSubdomains = new Map<string, Layer>();

  constructor(rules: readonly DomainRule[]) {
    const ordered = [...rules.filter((r) => r.fromMacro), ...rules.filter((r) => !r.fromMacro)];
    for (const rule of ordered) {
      const p = parseDomainPattern(rule.pattern);
      if (!p.ok) continue;
      const v = p.value;
      if (v.kind === "any") mergeDomainLayer(this.any, rule.settings);
      else if (v.kind === "exact") this.layer(this.exact, v.domain, rule.settings);
      else if (v.kind === "subdomains") this.layer(this.subdomains, v.domain, rule.settings);
      else if (v.kind === "domain-and-subdomains") this.layer(this.withSubdomains, v.domain, rule.settings);
    }
  }

  private layer(map: Map<string, Layer>, key: string, settings: Layer): void {
    const existing = map.get(key);
    if (existing) mergeDomainLayer(existing, settings);
    else map.set(key, { ...settings });
  }

  /**
   * Merges onto `into` every pattern of this level that matches `domain` (normalised, or null for a
   * malformed name, which only `*` matches), from general to specific. O(labels).
   */
  collect(into: Layer, domain: string | null): void {
    mergeDomainLayer(into, this.any);
    if (domain === null) return;
    for (let dot = domain.lastIndexOf("."); dot > 0; dot = domain.lastIndexOf(".", dot - 1)) {
      const suffix = domain.slice(dot + 1);
      mergeDomainLayer(into, this.withSubdomains.get(suffix));
      mergeDomainLayer(into, this.subdomains.get(suffix));
    }
    mergeDomainLayer(into, this.withSubdomains.get(domain));
    mergeDomainLayer(into, this.exact.get(domain));
  }
}

/** The top-level `<domain>` rules with a bounded cache of resolved settings. */
export class DomainIndex {
  readonly layers: DomainLayers;
  private readonly cache: BoundedCache<DomainSettings>;

  constructor(rules: readonly DomainRule[], cacheSize = DOMAIN_CACHE_SIZE) {
    this.cache = new BoundedCache(cacheSize);
    this.layers = new DomainLayers(rules);
  }

  /** Effective settings for a recipient domain (any case, IDN allowed). The result is frozen and shared. */
  resolve(domain: string): DomainSettings {
    const cached = this.cache.get(domain);
    if (cached) return cached;
    const chain: Layer = {};
    this.layers.collect(chain, normalizeDomain(domain));
    return this.cache.set(domain, finishDomainSettings(chain));
  }
}

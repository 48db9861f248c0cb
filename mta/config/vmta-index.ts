/**
 * VirtualMTAs and pools by name, and `<domain>` settings as one VirtualMTA sees them, built once per
 * compiled config. The levels, each merged from general to specific inside (domain-index.ts), a later
 * level overriding an earlier one:
 *
 *   defaults → top-level `<domain>` blocks → the VirtualMTA's pool's blocks → the VirtualMTA's own blocks
 *
 * So within a VirtualMTA its own `<domain *>` beats a top-level `<domain gmail.com>`: the VirtualMTA
 * level is where an operator says "for mail from this IP, do this", and UG5.0 §3.3.13.2 describes the
 * chain as VirtualMTA inherits from pool, pool from global. A VirtualMTA belongs to at most one pool
 * with `<domain>` blocks (the compiler rejects more); a config built by hand that breaks this gets the
 * pools' blocks merged in file order.
 *
 * Cost per lookup: O(labels × levels) on a miss (at most 3 levels), O(1) on a cache hit.
 */

import { DomainLayers, type DomainIndex } from "./domain-index";
import { normalizeDomain } from "./domain-pattern";
import { finishDomainSettings } from "./domain-settings";
import { BoundedCache } from "./merge";
import type { DomainSettings, MtaConfig, ResolvedVirtualMta, VirtualMtaConfig } from "./types";

export const VMTA_DOMAIN_CACHE_SIZE = 20_000;

const NO_MEMBERS: readonly VirtualMtaConfig[] = Object.freeze([]);

export class VirtualMtaIndex {
  private readonly byName = new Map<string, ResolvedVirtualMta>();
  /** VirtualMTA or pool name → the levels above the top-level ones (absent: the top level alone). */
  private readonly levels = new Map<string, DomainLayers[]>();
  private readonly cache: BoundedCache<DomainSettings>;

  constructor(
    config: MtaConfig,
    private readonly global: DomainIndex,
    cacheSize = VMTA_DOMAIN_CACHE_SIZE,
  ) {
    this.cache = new BoundedCache(cacheSize);
    const vmtas = new Map(config.virtualMtas.map((v) => [v.name.toLowerCase(), v]));
    const poolLevels = new Map<string, DomainLayers>();
    for (const pool of config.pools) {
      const name = pool.name.toLowerCase();
      const members = Object.freeze(pool.members.flatMap((m) => vmtas.get(m.toLowerCase()) ?? []));
      this.byName.set(name, Object.freeze({ kind: "pool", pool, members }));
      if (pool.domains.length > 0) {
        poolLevels.set(name, new DomainLayers(pool.domains));
        this.levels.set(name, [poolLevels.get(name)!]);
      }
    }
    const poolsOf = new Map<string, DomainLayers[]>();
    for (const pool of config.pools) {
      const level = poolLevels.get(pool.name.toLowerCase());
      if (!level) continue;
      for (const m of pool.members) poolsOf.set(m.toLowerCase(), [...(poolsOf.get(m.toLowerCase()) ?? []), level]);
    }
    for (const vmta of config.virtualMtas) {
      const name = vmta.name.toLowerCase();
      this.byName.set(name, Object.freeze({ kind: "virtual-mta", vmta }));
      const own = vmta.domains.length > 0 ? [new DomainLayers(vmta.domains)] : [];
      const levels = [...(poolsOf.get(name) ?? []), ...own];
      if (levels.length > 0) this.levels.set(name, levels);
    }
  }

  /** The VirtualMTA, or the pool with its members, named `name` (any case); undefined when unknown. */
  find(name: string): ResolvedVirtualMta | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** A pool's member VirtualMTAs in file order; empty for a VirtualMTA or an unknown name. */
  members(name: string): readonly VirtualMtaConfig[] {
    const found = this.find(name);
    return found?.kind === "pool" ? found.members : NO_MEMBERS;
  }

  /** `<domain>` settings for `domain` on the VirtualMTA (or pool) `name`; unknown names see the top level only. */
  resolveDomain(domain: string, name: string): DomainSettings {
    const key = name.toLowerCase();
    const levels = this.levels.get(key);
    if (!levels) return this.global.resolve(domain);
    const cacheKey = `${key}\u0000${domain}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    // Derived defaults (backoff limits following the normal ones) are filled in once the whole chain is merged.
    const chain: Partial<DomainSettings> = {};
    const d = normalizeDomain(domain);
    this.global.layers.collect(chain, d);
    for (const level of levels) level.collect(chain, d);
    return this.cache.set(cacheKey, finishDomainSettings(chain));
  }
}

/**
 * Effective settings for a connection (`resolveSource`) and for a destination domain, optionally as seen
 * from one VirtualMTA (`resolveDomain`), and VirtualMTA/pool lookup by name. All run on the hot path, so
 * the lookup structures are built once per compiled config (at compile time, or on first use for a
 * config built by hand) and kept beside it; each has a bounded cache.
 */

import { DomainIndex } from "./domain-index";
import { SourceIndex } from "./source-index";
import type { DomainSettings, MtaConfig, ResolvedVirtualMta, SourceSettings, VirtualMtaConfig } from "./types";
import { VirtualMtaIndex } from "./vmta-index";

interface Indexes {
  domains: DomainIndex;
  sources: SourceIndex;
  vmtas: VirtualMtaIndex;
}

const indexes = new WeakMap<MtaConfig, Indexes>();

function indexesFor(config: MtaConfig): Indexes {
  let found = indexes.get(config);
  if (!found) {
    const domains = new DomainIndex(config.domains);
    found = { domains, sources: new SourceIndex(config.sources), vmtas: new VirtualMtaIndex(config, domains) };
    indexes.set(config, found);
  }
  return found;
}

/** Builds the lookup structures now rather than on the first message (called by the compiler). */
export function prepareConfig(config: MtaConfig): void {
  indexesFor(config);
}

/**
 * Settings for a session from `remoteIp`: CIDR rules merged from general to specific, then the named
 * `<source NAME>` the listener (`smtp-listener … source=NAME`) or authentication (`{auth}`) selected.
 * O(distinct prefix lengths) on a miss, O(1) on a cache hit.
 */
export function resolveSource(config: MtaConfig, remoteIp: string, namedSource?: string): SourceSettings {
  return indexesFor(config).sources.resolve(remoteIp, namedSource);
}

/**
 * Settings for a recipient domain: `*` and every matching pattern merged, most specific last. With
 * `vmta` (a VirtualMTA or pool name, any case), the `<domain>` blocks of that VirtualMTA's pool and then
 * its own override the top-level ones (vmta-index.ts); an unknown name sees the top level only.
 * O(labels) on a miss, O(1) on a cache hit.
 */
export function resolveDomain(config: MtaConfig, domain: string, vmta?: string): DomainSettings {
  const found = indexesFor(config);
  return vmta === undefined ? found.domains.resolve(domain) : found.vmtas.resolveDomain(domain, vmta);
}

/** The VirtualMTA, or the pool with its member VirtualMTAs, that `name` (any case) stands for. O(1). */
export function resolveVirtualMta(config: MtaConfig, name: string): ResolvedVirtualMta | undefined {
  return indexesFor(config).vmtas.find(name);
}

/** A pool's member VirtualMTAs in file order (the rotation order); empty when `name` is not a pool. O(1). */
export function listPoolMembers(config: MtaConfig, name: string): readonly VirtualMtaConfig[] {
  return indexesFor(config).vmtas.members(name);
}

/**
 * Effective settings for a connection (`resolveSource`) and for a destination domain (`resolveDomain`).
 * Both run on the hot path, so the lookup structures are built once per compiled config (at compile
 * time, or on first use for a config built by hand) and kept beside it; each has a bounded cache.
 */

import { DomainIndex } from "./domain-index";
import { SourceIndex } from "./source-index";
import type { DomainSettings, MtaConfig, SourceSettings } from "./types";

interface Indexes {
  domains: DomainIndex;
  sources: SourceIndex;
}

const indexes = new WeakMap<MtaConfig, Indexes>();

function indexesFor(config: MtaConfig): Indexes {
  let found = indexes.get(config);
  if (!found) {
    found = { domains: new DomainIndex(config.domains), sources: new SourceIndex(config.sources) };
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

/** Settings for a recipient domain: `*` and every matching pattern merged, most specific last. O(labels). */
export function resolveDomain(config: MtaConfig, domain: string): DomainSettings {
  return indexesFor(config).domains.resolve(domain);
}

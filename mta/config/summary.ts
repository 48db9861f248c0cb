/**
 * Counts per block type of a compiled config, for the console's overview. Diagnostics are counted by
 * the caller, which has them.
 */

import type { ConfigSummary, DomainRule, MtaConfig } from "./types";

/** Number of blocks acted on per type; see ConfigSummary.domains for how `<domain>` blocks count. */
export function configSummary(config: MtaConfig): ConfigSummary {
  const domainRules: readonly DomainRule[] = [
    ...config.domains,
    ...config.virtualMtas.flatMap((v) => v.domains),
    ...config.pools.flatMap((p) => p.domains),
  ];
  // The rules of one block (one per macro expansion) share its origin.
  const domainBlocks = new Set(domainRules.map((r) => `${r.origin.file}\u0000${r.origin.line}\u0000${r.origin.col}`));
  return {
    listeners: config.listeners.length,
    sources: config.sources.length,
    domains: domainBlocks.size,
    virtualMtas: config.virtualMtas.length,
    pools: config.pools.length,
    patternLists: config.patternLists.length,
    smtpUsers: config.smtpUsers.length,
    acctFiles: config.acctFiles.length,
    smtpPatternLists: config.smtpPatternLists.length,
    mxRollups: config.mxRollups.length,
    bounceCategoryPatterns: config.bounceCategoryPatterns.length,
  };
}

/**
 * `<mx-rollup-list>` (UG5.0 §10.17): destinations whose most preferred MX hosts match a rule's host
 * pattern share the rule's rollup name, and with it one set of limits (see queue/limit-group.ts) under
 * the `<domain NAME.rollup>` settings. With `rollup-by-ip` the rollup is split further by the MX
 * hosts' address, so each destination keeps going to its own MX hosts and only destinations served by
 * the same address share a group — which is why such a rule needs no `smtp-hosts`.
 */

import { domainPatternMatches, parseDomainPattern } from "../config/index";
import type { MxRollupRule } from "../config/types";

export interface Rollup {
  /** The rollup's name, e.g. `outlook.rollup`: whose `<domain>` settings apply. */
  name: string;
  /** What the destinations sharing limits have in common: the name, or the name and an MX address. */
  site: string;
}

/** The rollup of the first rule matching these MX hosts, or null. */
export function rollupFor(rules: readonly MxRollupRule[], mxHosts: readonly string[], ips: readonly string[]): Rollup | null {
  for (const rule of rules) {
    const pattern = parseDomainPattern(rule.mxPattern);
    if (!pattern.ok || !mxHosts.some((host) => domainPatternMatches(pattern.value, host))) continue;
    if (!rule.byIp) return { name: rule.name, site: `rollup:${rule.name}` };
    const ip = [...ips].sort()[0];
    return { name: rule.name, site: `rollup:${rule.name}@${ip ?? mxHosts[0]}` };
  }
  return null;
}

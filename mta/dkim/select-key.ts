/**
 * Which `domain-key` signs a message (UG5.0 §10.6.2): the keys of the VirtualMTA, then those of its
 * pool, then the global ones (with the console's keys after the file's), each list in order; the first
 * key whose domain equals the identity's domain, is a parent of it, or is `*`, wins.
 */

import type { DomainKeyConfig, MtaConfig } from "../config/types";

export interface KeyChoice {
  key: DomainKeyConfig;
  /** `d=`: the key's domain, or the identity's domain for a `*` key. */
  signingDomain: string;
}

/** True when `keyDomain` covers `domain`: the same domain, a parent domain, or `*`. */
export function keyCovers(keyDomain: string, domain: string): boolean {
  return keyDomain === "*" || domain === keyDomain || domain.endsWith(`.${keyDomain}`);
}

/** The key lists searched for a queue of VirtualMTA `vmta` (picked from `pool`, if any), in order. */
export function keyListsFor(config: MtaConfig, vmta: string, pool: string | undefined): readonly DomainKeyConfig[][] {
  const lists: DomainKeyConfig[][] = [];
  const own = config.virtualMtas.find((v) => v.name === vmta)?.domainKeys;
  if (own?.length) lists.push(own);
  const poolKeys = pool ? config.pools.find((p) => p.name === pool)?.domainKeys : undefined;
  if (poolKeys?.length) lists.push(poolKeys);
  if (config.domainKeys?.length) lists.push(config.domainKeys);
  return lists;
}

export function selectDomainKey(lists: readonly (readonly DomainKeyConfig[])[], identityDomain: string): KeyChoice | null {
  for (const list of lists) {
    for (const key of list) {
      if (keyCovers(key.domain, identityDomain)) return { key, signingDomain: key.domain === "*" ? identityDomain : key.domain };
    }
  }
  return null;
}

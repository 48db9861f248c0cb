/** Runs every health check on the targets, lookups in parallel, each with its own timeout. */

import { checkDkim } from "./check-dkim";
import { checkDmarc } from "./check-dmarc";
import { checkFcrdns } from "./check-fcrdns";
import { checkSpf } from "./check-spf";
import { DEFAULT_LOOKUP_TIMEOUT_MS, type HealthResolver } from "./resolver";
import type { Targets } from "./targets";
import type { DomainHealth, HealthReport, VmtaHealth } from "./types";

export interface HealthDeps {
  resolver: HealthResolver;
  /** Reads a `domain-key` file. */
  readKeyFile: (file: string) => Promise<string>;
  timeoutMs?: number;
  now?: () => Date;
}

export async function runHealthChecks(targets: Targets, deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  const vmtas: Promise<VmtaHealth>[] = targets.sources.map(async (s) => ({
    ...s,
    checks: [await checkFcrdns(s.ip, s.helo, deps.resolver, timeoutMs)],
  }));
  const domains: Promise<DomainHealth>[] = targets.domains.map(async (d) => {
    const spf = d.ips.map((ip) => checkSpf(d.domain, ip, deps.resolver, timeoutMs));
    const dkim = d.keys.map(async (k) => {
      const pem = k.pem ?? (await deps.readKeyFile(k.file!).catch((err: NodeJS.ErrnoException) => new Error(`${k.file}: ${err.code ?? err.message}`)));
      return checkDkim(k.selector, d.domain, pem, deps.resolver, timeoutMs);
    });
    const checks = await Promise.all([...spf, ...dkim, checkDmarc(d.domain, deps.resolver, timeoutMs)]);
    return { domain: d.domain, keys: d.keys.map((k) => `${k.selector} (${k.source})`), checks };
  });
  return {
    checkedAt: (deps.now?.() ?? new Date()).toISOString(),
    vmtas: await Promise.all(vmtas),
    domains: await Promise.all(domains),
    notes: targets.notes,
  };
}

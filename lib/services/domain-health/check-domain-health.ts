/**
 * The console's sending-domain health report: the config file as it is now (its VirtualMTAs and
 * `domain-key` lines) plus the keys stored in the console, checked against live DNS. Includes are
 * followed for the VirtualMTAs (the compiled config) but `domain-key` lines are read from the main
 * file only. The resolver and the readers are injectable, so tests need neither DNS nor a database.
 */

import fs from "node:fs/promises";
import { parseConfigText } from "@/mta/index";
import { compileConfig } from "../../config/compile-config";
import { readConfigFile } from "../../config/config-file";
import { listStoredDkimKeys, type StoredDkimKey } from "../../db/health-dkim-keys";
import { getEnv } from "../../env";
import { ExpectedError } from "../../errors";
import { systemResolver, type HealthResolver } from "../../domain-health/resolver";
import { runHealthChecks } from "../../domain-health/run-checks";
import { collectTargets } from "../../domain-health/targets";
import type { HealthReport } from "../../domain-health/types";

export interface DomainHealthDeps {
  configPath: string;
  resolver: HealthResolver;
  readKeyFile: (file: string) => Promise<string>;
  storedKeys: () => Promise<StoredDkimKey[]>;
  timeoutMs: number;
}

/** Per DNS query; a report makes a few per VirtualMTA address and per domain, in parallel. */
export const HEALTH_LOOKUP_TIMEOUT_MS = 4_000;

export function domainHealthDeps(overrides: Partial<DomainHealthDeps> = {}): DomainHealthDeps {
  const timeoutMs = overrides.timeoutMs ?? HEALTH_LOOKUP_TIMEOUT_MS;
  return {
    configPath: overrides.configPath ?? getEnv().configPath,
    resolver: overrides.resolver ?? systemResolver(timeoutMs),
    readKeyFile: overrides.readKeyFile ?? ((file) => fs.readFile(file, "utf8")),
    storedKeys: overrides.storedKeys ?? (() => listStoredDkimKeys()),
    timeoutMs,
  };
}

export async function checkDomainHealth(deps: DomainHealthDeps = domainHealthDeps()): Promise<HealthReport> {
  let text: string;
  try {
    text = await readConfigFile(deps.configPath);
  } catch {
    throw new ExpectedError("CONFIG_UNREADABLE", `the config file ${deps.configPath} cannot be read`);
  }
  const compiled = compileConfig(text, deps.configPath);
  if (!compiled.config) throw new ExpectedError("CONFIG_INVALID", "the config file has errors; fix them on the Config page, then check again");
  const nodes = parseConfigText(text, deps.configPath).nodes;
  const targets = collectTargets(compiled.config, nodes, deps.configPath, await deps.storedKeys());
  return runHealthChecks(targets, { resolver: deps.resolver, readKeyFile: deps.readKeyFile, timeoutMs: deps.timeoutMs });
}

/**
 * The /dkim page's list: the config file's `domain-key` lines (read-only, with where they are) and
 * the console's keys, each with the DNS TXT record to publish at `SELECTOR._domainkey.DOMAIN`.
 * The file's keys are read from the config file as it is now, so a key added there shows even
 * before a reload.
 */

import path from "node:path";
import { checkDkimPrivateKey, dkimDnsRecord, type DomainKeyConfig, type MtaConfig } from "@/mta/index";
import { compileConfig } from "../../config/compile-config";
import { readConfigFile } from "../../config/config-file";
import { createDkimKeyRepository, type DkimKeyRepository } from "../../db/dkim-key-repository";
import type { TDkimKeyRow } from "../../dkim/schemas";
import { getEnv } from "../../env";

export interface ListDkimKeysDeps {
  configPath: string;
  keys: Pick<DkimKeyRepository, "list">;
}

function defaultDeps(): ListDkimKeysDeps {
  return { configPath: getEnv().configPath, keys: createDkimKeyRepository() };
}

export interface DkimKeyList {
  rows: TDkimKeyRow[];
  /** Set when the config file could not be read or has errors (its keys are then not listed). */
  fileProblem: string | null;
}

const recordName = (selector: string, domain: string) => (domain === "*" ? `${selector}._domainkey.<identity domain>` : `${selector}._domainkey.${domain}`);

function fileRow(key: DomainKeyConfig, scope: string): TDkimKeyRow {
  const check = checkDkimPrivateKey(key.privateKeyPem);
  return {
    source: "file",
    id: null,
    selector: key.selector,
    domain: key.domain,
    algorithm: key.algorithm,
    where: `${path.basename(key.origin.file)}:${key.origin.line}${scope}`,
    recordName: recordName(key.selector, key.domain),
    dnsRecord: check.ok ? dkimDnsRecord(check.key) : "",
    createdAt: null,
  };
}

/** Every `domain-key` of a compiled config: VirtualMTAs', pools', then global, as the engine searches them. */
export function fileKeyRows(config: MtaConfig): TDkimKeyRow[] {
  return [
    ...config.virtualMtas.flatMap((v) => (v.domainKeys ?? []).map((k) => fileRow(k, ` (<virtual-mta ${v.name}>)`))),
    ...config.pools.flatMap((p) => (p.domainKeys ?? []).map((k) => fileRow(k, ` (<virtual-mta-pool ${p.name}>)`))),
    ...(config.domainKeys ?? []).map((k) => fileRow(k, "")),
  ];
}

export async function listDkimKeys(deps: ListDkimKeysDeps = defaultDeps()): Promise<DkimKeyList> {
  let fileRows: TDkimKeyRow[] = [];
  let fileProblem: string | null = null;
  try {
    const compiled = compileConfig(await readConfigFile(deps.configPath), deps.configPath);
    if (compiled.config) fileRows = fileKeyRows(compiled.config);
    else fileProblem = `${path.basename(deps.configPath)} has errors; its domain-key lines are not listed until they are fixed (see Configuration).`;
  } catch (err) {
    fileProblem = `Cannot read ${deps.configPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  const consoleRows: TDkimKeyRow[] = (await deps.keys.list()).map((k) => ({
    source: "console",
    id: k.id,
    selector: k.selector,
    domain: k.domain,
    algorithm: k.algorithm,
    where: `console, by ${k.createdBy}`,
    recordName: recordName(k.selector, k.domain),
    dnsRecord: k.dnsRecord,
    createdAt: k.createdAt.toISOString(),
  }));
  return { rows: [...fileRows, ...consoleRows], fileProblem };
}

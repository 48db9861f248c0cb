/**
 * The console's DKIM keys in the engine: every config the engine receives (at start, on each reload)
 * gets them as global `domain-key` lines after the file's own; a change to the keys reloads the engine
 * with its running file config. No "server-only": boot.ts (server.ts) uses this.
 */

import { withConsoleDomainKeys, type MtaConfig, type StoredDkimKey } from "@/mta/index";
import { withConfigLock } from "../config/config-lock";
import { createDkimKeyRepository } from "../db/dkim-key-repository";
import { getMta } from "../mta-host/handle";

export interface EngineKeysDeps {
  keys: { listForEngine(): Promise<StoredDkimKey[]> };
  log: Pick<Console, "warn" | "error">;
}

const defaultDeps = (): EngineKeysDeps => ({ keys: createDkimKeyRepository(), log: console });

/**
 * `config` with the console's keys. When the database cannot be read the engine still gets the file's
 * config (and the error is logged), so a database outage never stops mail.
 */
export async function withConsoleDkimKeys(config: MtaConfig, deps: EngineKeysDeps = defaultDeps()): Promise<MtaConfig> {
  let stored: StoredDkimKey[];
  try {
    stored = await deps.keys.listForEngine();
  } catch (err) {
    deps.log.error("hermod: could not read the console's DKIM keys; signing with the config file's keys only", err);
    return config;
  }
  const { config: complete, problems } = withConsoleDomainKeys(config, stored);
  for (const p of problems) deps.log.warn(`hermod: ${p}`);
  return complete;
}

interface Reappliable {
  reapply(): Promise<void>;
}

const canReapply = (mta: unknown): mta is Reappliable => typeof (mta as Partial<Reappliable> | null)?.reapply === "function";

/**
 * Reloads the running engine so a key change takes effect; false when this process runs no engine
 * (the keys then apply at its next start). Serialised with config changes (config-lock.ts).
 */
export function reloadEngineKeys(mta: unknown = getMta()): Promise<boolean> {
  return withConfigLock(async () => {
    if (!canReapply(mta)) return false;
    await mta.reapply();
    return true;
  });
}

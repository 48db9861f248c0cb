/**
 * At start: the config file the engine was started from becomes a revision (origin file) when it
 * differs from the latest revision (or there is none yet), so the console's history always ends with
 * the running config. Called by server.ts once the engine runs. No "server-only".
 */

import path from "node:path";
import { readConfigFile } from "../../config/config-file";
import { withConfigLock } from "../../config/config-lock";
import type { ConfigRevisionMeta } from "../../db/config-revision-repository";
import { diffFor } from "./change-config";
import { SYSTEM_AUTHOR, configDeps, type ConfigDeps } from "./config-deps";

/**
 * The revision recorded, or null when the file matches the latest revision. Never throws: a failure
 * is logged and Hermod runs on (the next change from the console records the file first).
 */
export function syncConfigRevisionFromFile(configPath: string, deps: ConfigDeps = configDeps({ configPath })): Promise<ConfigRevisionMeta | null> {
  return withConfigLock(async () => {
    try {
      const text = await readConfigFile(configPath);
      const latest = await deps.revisions.latest();
      if (latest?.text === text) return null;
      const comment = latest ? `${path.basename(configPath)} changed on disk (read at start)` : `${path.basename(configPath)} at first start`;
      const [revision] = await deps.revisions.append([{ text, author: SYSTEM_AUTHOR, comment, origin: "file" }], diffFor(configPath));
      deps.log.log(`Hermod: ${comment}: recorded as config revision ${revision.id}`);
      return revision;
    } catch (err) {
      deps.log.error(`Hermod: could not record ${configPath} as a config revision`, err);
      return null;
    }
  });
}

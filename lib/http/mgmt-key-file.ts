/**
 * The CLI's credentials: at each start the server replaces an admin API key named "cli" (created by
 * "system") and writes its secret to `$HERMOD_DATA_DIR/cli-api-key`, mode 0600, so only the user
 * Hermod runs as (and root) can read it: that user can already read the database and the spool, so
 * the file gives them nothing new. `hermod` reads it when HERMOD_API_KEY is not set.
 */

import fs from "node:fs";
import path from "node:path";

export const CLI_KEY_FILE = "cli-api-key";
export const CLI_KEY_NAME = "cli";

export const cliKeyPath = (dataDir: string) => path.join(dataDir, CLI_KEY_FILE);

export function writeCliKeyFile(dataDir: string, secret: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = cliKeyPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only when it creates the file: make sure of it.
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The key in the file, or null when there is none (server never started in this data directory). */
export function readCliKeyFile(dataDir: string): string | null {
  try {
    const text = fs.readFileSync(cliKeyPath(dataDir), "utf8").trim();
    return text || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

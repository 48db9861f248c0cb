/**
 * Writing the config file so that it is never half-written: the new text goes to a temporary file in
 * the same directory (fsync'ed), which is renamed over the config only once the engine accepted it,
 * and the directory is fsync'ed so the rename survives a crash. Runs outside Next too (server.ts, CLI).
 */

import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * The file to replace: HERMOD_CONFIG itself, or the file it links to (a rename over a symlink would
 * turn the link into a plain file and leave its target behind).
 */
export async function configTarget(configPath: string): Promise<string> {
  return fs.realpath(configPath).catch(() => configPath);
}

export async function readConfigFile(configPath: string): Promise<string> {
  return fs.readFile(configPath, "utf8");
}

/** Writes `text` to a new temporary file next to `configPath` (same mode), fsync'ed; returns its path. */
export async function writeTempConfig(configPath: string, text: string): Promise<string> {
  const tmp = path.join(path.dirname(configPath), `.${path.basename(configPath)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const mode = await fs.stat(configPath).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const handle = await fs.open(tmp, "wx", mode);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  return tmp;
}

/** Renames the temporary file over the config, then fsyncs the directory. */
export async function commitTempConfig(tmp: string, configPath: string): Promise<void> {
  await fs.rename(tmp, configPath);
  const dir = await fs.open(path.dirname(configPath), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function discardTempConfig(tmp: string): Promise<void> {
  await fs.rm(tmp, { force: true });
}

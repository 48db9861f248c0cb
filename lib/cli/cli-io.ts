/** Where the CLI writes, and the environment it reads: injected so tests can run commands in-process. */

import { parseEnv } from "../env";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** The data directory and config file the server would use with this environment. */
export function cliPaths(io: CliIo): { dataDir: string; configPath: string } {
  const env = parseEnv(io.env);
  return { dataDir: env.dataDir, configPath: env.configPath };
}

/** Exit statuses: 0 success, 1 the command failed, 2 it was used wrongly. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * `hermod reload`: sends SIGHUP to the Hermod whose pid is in the data directory, then waits for that
 * server's reload outcome (written next to the pid) and prints it: the diagnostics and whether the
 * engine now runs the file. Exit 0 when reloaded, 1 otherwise (not running, refused, no answer).
 */

import fs from "node:fs";
import { pidFilePath, readPidFile, readReloadOutcome } from "../mta-host/run-files";
import { EXIT, cliPaths, type CliIo } from "./cli-io";

export interface ReloadOptions {
  timeoutMs?: number;
  pollMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_POLL_MS = 100;

type Liveness = "alive" | "gone" | "forbidden" | "not-hermod";

function liveness(pid: number): Liveness {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM" ? "forbidden" : "gone";
  }
  // A pid file left by a killed server may name a pid the system gave to another program since, and
  // SIGHUP ends most programs: on Linux, make sure it is a Node.js process before signalling it.
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!/node/i.test(cmdline)) return "not-hermod";
  } catch {
    // No /proc (not Linux): rely on the pid file.
  }
  return "alive";
}

export async function reload(io: CliIo, options: ReloadOptions = {}): Promise<number> {
  const { dataDir } = cliPaths(io);
  const pidFile = pidFilePath(dataDir);
  const pid = readPidFile(dataDir);
  if (pid === null) {
    io.err(`hermod reload: Hermod is not running (no pid file at ${pidFile}; set HERMOD_DATA_DIR to the running server's data directory).`);
    return EXIT.failed;
  }
  const state = liveness(pid);
  if (state === "gone" || state === "not-hermod") {
    io.err(`hermod reload: Hermod is not running (${pidFile} names pid ${pid}, which ${state === "gone" ? "does not exist" : "is not Hermod"}: a stale pid file).`);
    return EXIT.failed;
  }
  if (state === "forbidden") {
    io.err(`hermod reload: not allowed to signal Hermod (pid ${pid}); run this as the user Hermod runs as.`);
    return EXIT.failed;
  }

  const requestedAt = Date.now();
  process.kill(pid, "SIGHUP");
  io.out(`Sent SIGHUP to Hermod (pid ${pid}); waiting for the reload…`);
  const deadline = requestedAt + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  while (Date.now() < deadline) {
    const outcome = readReloadOutcome(dataDir);
    if (outcome && outcome.pid === pid && outcome.startedAt >= requestedAt) {
      for (const line of outcome.diagnostics) io.out(line);
      (outcome.ok ? io.out : io.err)(`${outcome.ok ? "Reloaded" : "Not reloaded"}: ${outcome.message}`);
      return outcome.ok ? EXIT.ok : EXIT.failed;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? DEFAULT_POLL_MS));
  }
  io.err(`hermod reload: Hermod (pid ${pid}) reported no outcome within ${Math.round((deadline - requestedAt) / 1000)} s; see its log.`);
  return EXIT.failed;
}

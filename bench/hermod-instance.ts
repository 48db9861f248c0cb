/**
 * Starts the production server (`node dist/server.mjs`) as a new user would, in a fresh data
 * directory (or a given one, to restart on an existing spool), with every domain routed to a loopback
 * sink unless a whole config is given. Optionally under `--cpu-prof` or `--inspect`, optionally logging
 * to a file.
 */

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loopbackRelayConfig } from "../mta/testing/relay-config";
import { stopProcess, waitForPort } from "./relay";

/** The first admin's login on every bench instance (HERMOD_ADMIN_PASSWORD). */
export const BENCH_ADMIN = { username: "admin", password: "bench-admin-password" } as const;

export interface Instance {
  pid: number;
  dataDir: string;
  /**
   * Stops the server (SIGTERM, SIGKILL after 15 s) and removes the data directory unless kept;
   * resolves with how the process ended.
   */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface HermodOptions {
  smtpPort: number;
  httpPort: number;
  /** Where `<domain *>` goes when no `config` is given. */
  sinkPort?: number;
  /** The whole config text, instead of the loopback relay config. */
  config?: string;
  /** Use this data directory (e.g. to restart on its spool) instead of a fresh one. */
  dataDir?: string;
  /** Leave the data directory in place on stop. */
  keepDataDir?: boolean;
  /** Append the server's stdout and stderr to this file instead of inheriting stderr. */
  logFile?: string;
  profileDir?: string;
  /** Open the inspector on 127.0.0.1:PORT (bench/inspector.ts forces GCs and reads heaps through it). */
  inspectPort?: number;
  /** How long to wait for the SMTP and HTTP ports; default 60 s. */
  readyTimeoutMs?: number;
  /** Return once SMTP listens, without waiting for the console's HTTP port. */
  smtpOnly?: boolean;
}

export async function startHermod(opts: HermodOptions): Promise<Instance> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "hermod-bench-"));
  const configPath = path.join(dataDir, "hermod.conf");
  if (opts.config === undefined && opts.sinkPort === undefined) throw new Error("startHermod: give a config or a sinkPort");
  fs.writeFileSync(configPath, opts.config ?? loopbackRelayConfig({ smtpPort: opts.smtpPort, sinkPort: opts.sinkPort! }));
  const args = [
    ...(opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : []),
    ...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []),
    "dist/server.mjs",
  ];
  const log = opts.logFile ? fs.openSync(opts.logFile, "a") : undefined;
  const proc: ChildProcess = spawn(process.execPath, args, {
    stdio: ["ignore", log ?? "pipe", log ?? "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HERMOD_DATA_DIR: dataDir,
      HERMOD_CONFIG: configPath,
      PORT: String(opts.httpPort),
      HERMOD_ADMIN_PASSWORD: BENCH_ADMIN.password,
      DATABASE_URL: "",
    },
  });
  if (log !== undefined) fs.closeSync(log);
  proc.stdout?.on("data", () => undefined);
  const exited = new Promise<never>((_, reject) =>
    proc.once("exit", (code, signal) => reject(new Error(`Hermod exited during start (${code ?? signal})${opts.logFile ? `; see ${opts.logFile}` : ""}`))),
  );
  exited.catch(() => undefined);
  const timeout = opts.readyTimeoutMs ?? 60_000;
  const ports = opts.smtpOnly ? [opts.smtpPort] : [opts.smtpPort, opts.httpPort];
  try {
    await Promise.race([Promise.all(ports.map((p) => waitForPort(p, timeout))), exited]);
  } catch (err) {
    await stopProcess(proc);
    throw err;
  }
  return {
    pid: proc.pid!,
    dataDir,
    async stop() {
      await stopProcess(proc);
      if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      return { code: proc.exitCode, signal: proc.signalCode };
    },
  };
}

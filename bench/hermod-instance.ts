/**
 * Starts the production server (`node dist/server.mjs`) as a new user would, in a fresh data
 * directory, with every domain routed to a loopback sink. Optionally under `--cpu-prof`.
 */

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loopbackRelayConfig } from "../mta/testing/relay-config";
import { stopProcess, waitForPort } from "./relay";

export interface Instance {
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startHermod(opts: { smtpPort: number; sinkPort: number; httpPort: number; profileDir?: string }): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-bench-"));
  const configPath = path.join(dataDir, "hermod.conf");
  fs.writeFileSync(configPath, loopbackRelayConfig({ smtpPort: opts.smtpPort, sinkPort: opts.sinkPort }));
  const args = [...(opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : []), "dist/server.mjs"];
  const proc: ChildProcess = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HERMOD_DATA_DIR: dataDir,
      HERMOD_CONFIG: configPath,
      PORT: String(opts.httpPort),
      HERMOD_ADMIN_PASSWORD: "bench-admin-password",
      DATABASE_URL: "",
    },
  });
  proc.stdout!.on("data", () => undefined);
  await waitForPort(opts.smtpPort, 60_000);
  await waitForPort(opts.httpPort, 60_000);
  return {
    pid: proc.pid!,
    dataDir,
    async stop() {
      await stopProcess(proc);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

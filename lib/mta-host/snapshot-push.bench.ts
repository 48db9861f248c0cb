/**
 * What the monitor's snapshot costs at scale: `npx tsx lib/mta-host/snapshot-push.bench.ts`
 * Options: --queues=N (default 10000), --seconds=N idle measurement (default 10).
 *
 * Starts the engine in its worker thread (EngineThread, as the server does) on loopback, fills N
 * queues (one recipient per destination domain, routed to a closed port so every queue waits in
 * retry mode), then measures the whole process's CPU while idle: the worker building and posting
 * snapshots, the console thread receiving them. Reports the CPU share of one core, the snapshot's
 * size, and how old `snapshot()` gets.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { compileConfigText } from "@/mta/index";
import { freePort } from "@/mta/testing/free-port";
import { sendRaw } from "@/mta/testing/raw-smtp";
import { loopbackRelayConfig } from "@/mta/testing/relay-config";
import { EngineThread } from "./engine-thread";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const QUEUES = Number(args.get("queues") ?? 10_000);
const SECONDS = Number(args.get("seconds") ?? 10);
const PER_MESSAGE = 1_000;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-snapbench-"));
  const [port, closed] = [await freePort(), await freePort()];
  const text = loopbackRelayConfig({ smtpPort: port, sinkPort: closed, domainExtra: ["retry-after 1h", "bounce-after 1d"], acctFile: false });
  const compiled = compileConfigText(text, { file: path.join(dataDir, "hermod.conf"), rootDir: dataDir });
  if (!compiled.config) throw new Error(JSON.stringify(compiled.diagnostics));
  const thread = new EngineThread({ config: compiled.config, dataDir });
  await thread.start();
  try {
    for (let i = 0; i < QUEUES; i += PER_MESSAGE) {
      const to = Array.from({ length: Math.min(PER_MESSAGE, QUEUES - i) }, (_, j) => `r@d${i + j}.test`);
      await sendRaw(port, { from: "bench@src.test", to, body: "Subject: bench\r\n\r\nx\r\n" });
    }
    const filled = Date.now();
    while (thread.snapshot().queues.length < QUEUES || thread.snapshot().connections.smtpOut > 0) {
      if (Date.now() - filled > 300_000) throw new Error(`only ${thread.snapshot().queues.length} queues`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Let the last attempts' records and journal writes settle.
    await new Promise((r) => setTimeout(r, 3_000));
    const snap = thread.snapshot();
    const bytes = v8.serialize(snap).length;
    let oldest = 0;
    const ages = setInterval(() => (oldest = Math.max(oldest, Date.now() - thread.snapshot().at)), 20);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await new Promise((r) => setTimeout(r, SECONDS * 1_000));
    const cpu = process.cpuUsage(cpu0);
    const wallUs = Number(process.hrtime.bigint() - t0) / 1_000;
    clearInterval(ages);
    console.log(
      JSON.stringify({
        queues: snap.queues.length,
        snapshotBytes: bytes,
        idleCpuPercentOfOneCore: Number((((cpu.user + cpu.system) / wallUs) * 100).toFixed(1)),
        oldestSnapshotMs: oldest,
      }),
    );
  } finally {
    await thread.stop(1_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();

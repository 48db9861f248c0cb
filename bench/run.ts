/**
 * `npm run bench`: Hermod's end-to-end relay throughput against Postfix on this machine, in one run.
 *
 *   smtp-source ──SMTP──▶ Hermod (or Postfix) ──SMTP──▶ smtp-sink      (all on 127.0.0.1)
 *
 * For each body size it starts the production server in a fresh data directory (durable spool, SQLite
 * accounting), injects N messages at concurrency C, waits until the sink has them all, and prints
 * end-to-end and injection msgs/s, Hermod's CPU per message and peak RSS. Postfix is measured the same
 * way when it is installed and we are root. `--profile` adds a CPU profile of Hermod's 2 KB run.
 *
 * Options: --n 20000 --conc 20 --big-n 2000 --repeat 1 --no-peer --profile
 * With --repeat K each measurement alternates Hermod and Postfix K times and reports the medians: the
 * machine is shared and noisy, and only a ratio measured side by side means anything.
 *
 * Then the scale scenario (scale.ts): R recipients queued over D domains, with memory per queued
 * recipient, idle CPU, SMTP and console latency, and a restart on the same spool; its table is also
 * written to bench/results/scale-R.{json,md}. By default R is 200,000 so the whole bench stays near
 * ten minutes on 2 cores; the issue's figure is `npm run bench -- --scale-only --scale 1000000`.
 *   --scale R (default 200000)   --scale-domains D (default 10000)   --scale-per-message 100
 *   --scale-sessions 8   --scale-idle 30 (seconds)   --no-scale (relay only)   --scale-only (no relay)
 *   --scale-profile (CPU-profile every thread over a second idle window and summarize the profiles)
 *
 * `--monitor` runs only the monitor bench (monitor-scale.ts): 1M accounting records, R recipients over
 * D queues, the /monitor page's time to interactive in chromium and its live-update interval.
 *   --monitor-records 1000000   --scale 1000000   --scale-domains 10000   --monitor-sse 30 (seconds)
 *
 * `--suppression-import` runs only the suppression-list import bench (suppression-import.ts): a
 * generated CSV of --import-rows rows (default 1,000,000) into a fresh SQLite database, with time and
 * the live heap sampled while it is read.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startHermod } from "./hermod-instance";
import { postfixAvailable, postfixMasterPid, startPostfix } from "./postfix-peer";
import { summarizeProfile } from "./profile-summary";
import { peakRssMiB, relay, startSmtpSink, type RelayResult } from "./relay";
import { monitorScaleMarkdown, runMonitorScale, writeMonitorScaleResults } from "./monitor-scale";
import { runScale } from "./scale";
import { importSummary, measureImport } from "./suppression-import";
import { scaleMarkdown, writeScaleResults } from "./scale-report";
import { buildIsCurrent, run } from "../scripts/lib.mjs";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const N = opt("n", 20_000);
const BIG_N = opt("big-n", 2_000);
const CONC = opt("conc", 20);
const REPEAT = Math.max(1, opt("repeat", 1));
const PROFILE = argv.includes("--profile");
const PEER = !argv.includes("--no-peer");
const SCALE = !argv.includes("--no-scale");
const RELAY = !argv.includes("--scale-only");
const SINK_PORT = 2700;
const SMTP_PORT = 2701;
const HTTP_PORT = 3701;
const POSTFIX_PORT = 2702;

interface Row {
  mta: string;
  result: RelayResult;
  rssMiB?: number;
}

async function measureHermod(size: number, n: number, profileDir?: string): Promise<Row> {
  const sink = await startSmtpSink(SINK_PORT);
  const hermod = await startHermod({ smtpPort: SMTP_PORT, sinkPort: SINK_PORT, httpPort: HTTP_PORT, profileDir });
  try {
    const result = await relay({ injectPort: SMTP_PORT, sink, n, size, conc: CONC, mtaPid: hermod.pid });
    return { mta: "Hermod", result, rssMiB: peakRssMiB(hermod.pid) };
  } finally {
    await hermod.stop();
    await sink.stop();
  }
}

async function measurePostfix(size: number, n: number): Promise<Row> {
  const sink = await startSmtpSink(SINK_PORT);
  const postfix = await startPostfix(POSTFIX_PORT, SINK_PORT);
  try {
    const result = await relay({ injectPort: POSTFIX_PORT, sink, n, size, conc: CONC, mtaPid: postfixMasterPid() });
    return { mta: "Postfix", result };
  } finally {
    postfix.stop();
    await sink.stop();
  }
}

/** The run with the median end-to-end rate. */
function median(runs: Row[]): Row {
  const sorted = [...runs].sort((a, b) => a.result.relayPerSecond - b.result.relayPerSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

function line(row: Row): string {
  const r = row.result;
  const cpu = r.mtaCpuSeconds !== undefined ? `${((1000 * r.mtaCpuSeconds) / r.n).toFixed(2)} ms` : "-";
  return `| ${row.mta.padEnd(7)} | ${String(r.size).padStart(6)} | ${String(r.n).padStart(6)} | ${String(r.conc).padStart(4)} | ${r.relayPerSecond.toFixed(0).padStart(8)} | ${r.injectPerSecond.toFixed(0).padStart(9)} | ${cpu.padStart(9)} | ${row.rssMiB ? row.rssMiB.toFixed(0) + " MiB" : "-"} |`;
}

async function main(): Promise<void> {
  if (argv.includes("--suppression-import")) {
    console.log(`# suppression-list import\n${importSummary(await measureImport(opt("import-rows", 1_000_000)))}`);
    return;
  }
  if (argv.includes("--monitor")) {
    if (!buildIsCurrent()) run("node", ["scripts/build.mjs"]);
    return monitorBench();
  }
  for (const tool of ["/usr/sbin/smtp-source", "/usr/sbin/smtp-sink"]) {
    if (!fs.existsSync(tool)) throw new Error(`${tool} not found: apt-get install postfix (DEBIAN_FRONTEND=noninteractive, "No configuration")`);
  }
  if (!buildIsCurrent()) run("node", ["scripts/build.mjs"]);
  if (RELAY) await relayBench();
  if (SCALE) await scaleBench();
}

async function scaleBench(): Promise<void> {
  const recipients = opt("scale", 200_000);
  const domains = opt("scale-domains", 10_000);
  const logFile = path.join(os.tmpdir(), "hermod-scale-bench.log");
  console.log(`\n# scale: ${recipients} recipients over ${domains} domains (server log: ${logFile})`);
  const result = await runScale({
    recipients,
    domains,
    perMessage: opt("scale-per-message", 100),
    sessions: opt("scale-sessions", 8),
    idleSeconds: opt("scale-idle", 30),
    probes: 20,
    logFile,
    profileDir: argv.includes("--scale-profile") ? fs.mkdtempSync(path.join(os.tmpdir(), "hermod-scale-prof-")) : undefined,
  });
  console.log(`\n${scaleMarkdown(result)}`);
  for (const { thread, file } of result.idle.profiles ?? []) {
    console.log(`\n## idle with everything queued: ${thread}\n${summarizeProfile(file)}\n(profile: ${file})`);
  }
  const files = writeScaleResults(result, path.join(import.meta.dirname, "results"));
  console.log(`\n(written to ${files.join(", ")})`);
}

async function monitorBench(): Promise<void> {
  const logFile = path.join(os.tmpdir(), "hermod-monitor-bench.log");
  const result = await runMonitorScale({
    records: opt("monitor-records", 1_000_000),
    recipients: opt("scale", 1_000_000),
    domains: opt("scale-domains", 10_000),
    perMessage: opt("scale-per-message", 100),
    sessions: opt("scale-sessions", 8),
    sseSeconds: opt("monitor-sse", 30),
    navigations: 5,
    logFile,
  });
  console.log(`\n${monitorScaleMarkdown(result)}`);
  const files = writeMonitorScaleResults(result, path.join(import.meta.dirname, "results"));
  console.log(`\n(written to ${files.join(", ")}; server log: ${logFile})`);
}

async function relayBench(): Promise<void> {
  const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), "hermod-prof-")) : undefined;
  const rows: Row[] = [];
  const peer = PEER && postfixAvailable();
  console.log(`# ${os.cpus().length} cores; N=${N} (2 KB), ${BIG_N} (100 KB); ${CONC} injecting sessions; peer: ${peer ? "Postfix" : "none"}`);
  for (const [size, n] of [[2_000, N], [100_000, BIG_N]] as const) {
    const runs: { hermod: Row[]; postfix: Row[] } = { hermod: [], postfix: [] };
    for (let k = 0; k < REPEAT; k++) {
      if (peer) runs.postfix.push(await measurePostfix(size, n));
      runs.hermod.push(await measureHermod(size, n, size === 2_000 && k === 0 ? profileDir : undefined));
      for (const row of [runs.postfix.at(-1), runs.hermod.at(-1)]) if (row) console.log(line(row));
    }
    if (peer) rows.push(median(runs.postfix));
    rows.push(median(runs.hermod));
  }
  console.log(`\n${REPEAT > 1 ? `Medians of ${REPEAT} alternating runs:\n` : ""}| MTA     |   size |      N | conc | e2e msg/s | inject msg/s | CPU/msg   | peak RSS |`);
  console.log("|---------|--------|--------|------|----------|-----------|-----------|----------|");
  for (const row of rows) console.log(line(row));
  if (peer) {
    for (const size of [2_000, 100_000]) {
      const h = rows.find((r) => r.mta === "Hermod" && r.result.size === size)!;
      const p = rows.find((r) => r.mta === "Postfix" && r.result.size === size)!;
      console.log(`ratio Hermod/Postfix at ${size} B: ${(h.result.relayPerSecond / p.result.relayPerSecond).toFixed(2)}x end to end`);
    }
  }
  if (profileDir) {
    // One profile per thread: the console's main thread (…0.001) and the MTA's worker thread.
    for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
      const thread = /\.0\.\d+\.cpuprofile$/.test(file) ? "console (main) thread" : "MTA thread";
      console.log(`\n## ${thread}\n${summarizeProfile(path.join(profileDir, file))}\n(profile: ${path.join(profileDir, file)})`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

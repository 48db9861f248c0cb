/** The scale scenario's summary: a markdown table on stdout, and the same table plus the raw figures in files. */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Latency, Percentiles } from "./probes";
import { mib } from "./proc-stats";
import type { ScaleResult } from "./scale";

const ms = (p: Percentiles) => (p.n === 0 ? "no samples" : `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (n=${p.n})`);
const count = (n: number) => n.toLocaleString("en-US");
const pct = (share: number) => `${(100 * share).toFixed(1)} %`;

const latency = (l: Latency) => `${ms(l)}, max ${l.max.toFixed(0)} ms, ${l.failures.length === 0 ? "none failed" : `failed: ${l.failures.join("; ")}`}`;

function heaps(list: ScaleResult["memory"]["heapsQueued"]): string {
  return list.map((h) => `${h.thread.replace(/^\[worker \d+\] /, "")} ${mib(h.usedBytes)}`).join(", ");
}

/** The rows of the summary table, in reading order. */
export function scaleRows(r: ScaleResult): [string, string][] {
  const engineBefore = r.memory.heapsBefore.find((h) => h.thread.includes("hermod-mta"));
  const engineQueued = r.memory.heapsQueued.find((h) => h.thread.includes("hermod-mta"));
  const heapPerRcpt = engineBefore && engineQueued ? `${((engineQueued.usedBytes - engineBefore.usedBytes) / r.inject.accepted).toFixed(0)} B` : "-";
  return [
    ["load", `${count(r.load.recipients)} recipients, ${count(r.load.domains)} domains (queues), ${r.load.perMessage} a message (${count(r.load.messages)} messages), ${r.load.sessions} sessions`],
    ["injection", `${r.inject.seconds.toFixed(1)} s: ${count(Math.round(r.inject.accepted / r.inject.seconds))} recipients/s, ${(r.load.messages / r.inject.seconds).toFixed(0)} messages/s; ${count(r.inject.accepted)} accepted, ${r.inject.refused} refused, ${r.inject.retries} retried`],
    ["console /api/health while injecting", latency(r.inject.consoleDuring)],
    ["delivery attempts while filling (t records)", count(r.deferredRecords)],
    ["RSS: baseline (after GC)", mib(r.memory.baselineRss)],
    ["RSS: peak (VmHWM)", mib(r.memory.peakRss)],
    [`RSS: ${count(r.inject.accepted)} queued (settled, after GC)`, mib(r.memory.queuedRss)],
    ["memory per queued recipient (ΔRSS / recipients)", `${r.memory.bytesPerRecipient.toFixed(0)} B`],
    ["JS heaps with everything queued (after GC)", `${heaps(r.memory.heapsQueued)}; engine heap per recipient ${heapPerRcpt}`],
    ["spool on disk", `${mib(r.spool.diskBytes)} (${count(r.spool.files)} files, ${mib(r.spool.bytes)} of content)`],
    [`idle with everything queued: process CPU over ${r.idle.seconds} s`, `${pct(r.idle.cpuShare)} of one core`],
    ["idle: CPU by OS thread (≥ 0.5 %)", r.idle.threads.map((t) => `${t.main ? "main" : `tid ${t.tid}`} ${pct(t.share)}`).join(", ") || "none"],
    ["idle: event-loop utilization per thread", r.idle.loops.map((l) => `${l.thread.replace(/^\[worker \d+\] /, "")} ${pct(l.utilization)}`).join(", ")],
    ["SMTP: connect → 250 of a fresh message", ms(r.probes.smtpSend)],
    ["SMTP: NOOP round trip", ms(r.probes.smtpNoop)],
    [`console: monitor snapshot (login as admin; ${count(r.probes.queues)} queue rows, ${mib(r.probes.snapshotBytes)})`, ms(r.probes.snapshot)],
    ["restart: SIGTERM → exited", `${r.restart.stopSeconds.toFixed(1)} s`],
    [`restart: spawn → queue rebuilt, SMTP answers (${count(r.restart.queued)} queued)`, `${r.restart.smtpReadySeconds.toFixed(1)} s (console ${r.restart.httpReadySeconds.toFixed(1)} s)`],
    [
      `restart: spawn → quiet (CPU < 20 % of a core)`,
      `${r.restart.quietSeconds.toFixed(0)} s; ${count(r.restart.deferredRecords)} t records meanwhile; console /api/health ${latency(r.restart.consoleUntilQuiet)}`,
    ],
    ["restart: RSS once quiet (after GC) / peak", `${mib(r.restart.rss)} / ${mib(r.restart.peakRss)}; heaps ${heaps(r.restart.heaps)}`],
  ];
}

export function scaleMarkdown(r: ScaleResult): string {
  const rows = scaleRows(r);
  return ["| Scale: what | figure |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

/** Writes `<dir>/scale-<recipients>.json` (every figure) and `.md` (the table); returns their paths. */
export function writeScaleResults(r: ScaleResult, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `scale-${r.load.recipients}`);
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const at = new Date().toISOString();
  fs.writeFileSync(`${base}.json`, JSON.stringify({ at, machine, ...r }, null, 2) + "\n");
  fs.writeFileSync(`${base}.md`, `# Hermod scale bench, ${at}\n\n${machine}. \`npm run bench -- --scale-only --scale ${r.load.recipients} --scale-domains ${r.load.domains}\`\n\n${scaleMarkdown(r)}\n`);
  return [`${base}.json`, `${base}.md`];
}

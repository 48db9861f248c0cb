/**
 * The scale scenario (issue 4): the production server with R recipients queued over D domains, and
 * what that costs while it waits.
 *
 *   scale-inject ──SMTP──▶ Hermod ──connect──▶ 127.0.0.1:DEAD_PORT (nothing listens: refused)
 *
 * Every domain is routed (`<domain *> smtp-hosts`) to a loopback port where nothing listens, so the
 * first attempt per queue is refused, the queue enters retry mode (`retry-after 60m`) and everything
 * after waits in the scheduler. Measured: injection rate, RSS before / peak / with R queued (after a
 * forced GC in every isolate, through the inspector), bytes per queued recipient, the spool on disk;
 * with R queued and nothing due: the process's CPU and each thread's event-loop utilization over an
 * idle window (a tick that rescanned the queue would show here), SMTP and console latency; then a
 * restart on the same spool: how long until the queue is rebuilt and SMTP answers, how long the
 * process stays busy after it (and with how many attempts), and the RSS once it is quiet.
 */

import fs from "node:fs";
import path from "node:path";
import { loopbackRelayConfig } from "../mta/testing/relay-config";
import { login, readSnapshot, type ConsoleSession, type SnapshotSummary } from "./console-client";
import { BENCH_ADMIN, startHermod, type HermodOptions, type Instance } from "./hermod-instance";
import { collectGarbage, cpuProfiles, eventLoopUtilization, type HeapUsage, type LoopUse } from "./inspector";
import { latencyOf, percentiles, sampleGet, sampleNoop, sampleSend, sampleWhile, timedGet, type Latency, type Percentiles } from "./probes";
import { cpuShare, dirUsage, memoryOf, mib, threadShares, type ThreadShare } from "./proc-stats";
import { waitForPort } from "./relay";
import { injectScale, scaleRecipient, type InjectProgress, type ScaleLoad } from "./scale-inject";

export interface ScaleOptions {
  recipients: number;
  domains: number;
  perMessage: number;
  sessions: number;
  /** Length of the idle window with everything queued. */
  idleSeconds: number;
  /** Samples per latency probe. */
  probes: number;
  /** The server's output goes here. */
  logFile: string;
  /** When set, a second idle window is CPU-profiled (every thread) into this directory. */
  profileDir?: string;
}

export interface ScaleResult {
  load: Omit<ScaleLoad, "port"> & { messages: number };
  inject: { seconds: number; accepted: number; refused: number; retries: number; problems: string[]; consoleDuring: Latency };
  /** t records (refused connection attempts) the monitor counted while the queue filled. */
  deferredRecords: number;
  memory: { baselineRss: number; peakRss: number; queuedRss: number; bytesPerRecipient: number; heapsBefore: HeapUsage[]; heapsQueued: HeapUsage[] };
  spool: { diskBytes: number; bytes: number; files: number };
  idle: { seconds: number; cpuShare: number; threads: ThreadShare[]; loops: LoopUse[]; profiles?: { thread: string; file: string }[] };
  probes: { smtpSend: Percentiles; smtpNoop: Percentiles; snapshot: Percentiles; snapshotBytes: number; queues: number; queued: number };
  restart: {
    stopSeconds: number;
    smtpReadySeconds: number;
    httpReadySeconds: number;
    queued: number;
    /** From spawn until the process's CPU fell below QUIET_SHARE (the restart's own work done). */
    quietSeconds: number;
    /** t records written between the restart and quiet (attempts the restart made). */
    deferredRecords: number;
    /** /api/health latency from login until quiet. */
    consoleUntilQuiet: Latency;
    rss: number;
    peakRss: number;
    heaps: HeapUsage[];
  };
}

const SMTP_PORT = 2721;
const HTTP_PORT = 3721;
const INSPECT_PORT = 9721;
/** Nothing listens here (checked before the run): every delivery attempt is refused at once. */
const DEAD_PORT = 2729;
const BASE = `http://127.0.0.1:${HTTP_PORT}`;
const SETTLE_MS = 5_000;
/** A process using less than this share of a core over QUIET_WINDOW_MS is done with its own work. */
const QUIET_SHARE = 0.2;
const QUIET_WINDOW_MS = 5_000;
const QUIET_CAP_MS = 15 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.error(`# ${line}`);

async function assertNothingListens(port: number): Promise<void> {
  const listening = await waitForPort(port, 0).then(() => true, () => false);
  if (listening) throw new Error(`something listens on 127.0.0.1:${port}; the scale bench needs it closed`);
}

function serverOptions(opts: ScaleOptions, dataDir?: string): HermodOptions {
  return {
    smtpPort: SMTP_PORT,
    httpPort: HTTP_PORT,
    inspectPort: INSPECT_PORT,
    config: loopbackRelayConfig({ smtpPort: SMTP_PORT, sinkPort: DEAD_PORT, domainExtra: ["retry-after 60m"] }),
    keepDataDir: true,
    logFile: opts.logFile,
    readyTimeoutMs: 15 * 60_000,
    ...(dataDir ? { dataDir, smtpOnly: true } : {}),
  };
}

/** Waits for the snapshot to show `n` recipients queued (it lags the engine by up to 500 ms). */
async function waitQueued(session: ConsoleSession, n: number): Promise<SnapshotSummary> {
  for (let i = 0; ; i++) {
    const s = await readSnapshot(BASE, session);
    if (s.queuedRecipients >= n || i >= 120) return s;
    await sleep(500);
  }
}

/** Settles, then forces GC everywhere and reads RSS and the heaps. */
async function settledMemory(pid: number): Promise<{ rss: number; heaps: HeapUsage[] }> {
  await sleep(SETTLE_MS);
  const heaps = await collectGarbage(INSPECT_PORT);
  await sleep(1_000);
  return { rss: memoryOf(pid).rss, heaps };
}

async function fill(opts: ScaleOptions, hermod: Instance): Promise<ScaleResult["inject"] & { progress: InjectProgress }> {
  const progress: InjectProgress = { messages: 0, recipients: 0, refused: 0, retries: 0, problems: [] };
  const consoleProbe = sampleWhile(() => timedGet(`${BASE}/api/health`), 1_000);
  const t0 = performance.now();
  const ticker = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    log(`t=${s.toFixed(0)}s queued ${progress.recipients}/${opts.recipients} (${(progress.recipients / s).toFixed(0)} rcpt/s), RSS ${mib(memoryOf(hermod.pid).rss)}`);
  }, 10_000);
  try {
    await injectScale({ port: SMTP_PORT, recipients: opts.recipients, domains: opts.domains, perMessage: opts.perMessage, sessions: opts.sessions }, progress);
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - t0) / 1000;
  const during = await consoleProbe.stop();
  return { seconds, accepted: progress.recipients, refused: progress.refused, retries: progress.retries, problems: progress.problems, consoleDuring: latencyOf(during), progress };
}

async function probe(opts: ScaleOptions, session: ConsoleSession): Promise<ScaleResult["probes"]> {
  const smtpSend = percentiles(await sampleSend(SMTP_PORT, opts.probes, scaleRecipient(0, opts.domains)));
  const smtpNoop = percentiles(await sampleNoop(SMTP_PORT, opts.probes));
  const snaps: SnapshotSummary[] = [];
  for (let i = 0; i < opts.probes; i++) snaps.push(await readSnapshot(BASE, session));
  const last = snaps[snaps.length - 1];
  return { smtpSend, smtpNoop, snapshot: percentiles(snaps.map((s) => s.ms)), snapshotBytes: last.bytes, queues: last.queues, queued: last.queuedRecipients };
}

/** Resolves once the process is quiet (or after QUIET_CAP_MS). */
async function waitQuiet(pid: number): Promise<void> {
  const deadline = Date.now() + QUIET_CAP_MS;
  while ((await cpuShare(pid, QUIET_WINDOW_MS)) >= QUIET_SHARE && Date.now() < deadline) {
    log(`busy after restart: RSS ${mib(memoryOf(pid).rss)}`);
  }
}

async function restart(opts: ScaleOptions, hermod: Instance, expected: { queued: number; deferred: number }): Promise<{ result: ScaleResult["restart"]; instance: Instance }> {
  let t0 = performance.now();
  await hermod.stop();
  const stopSeconds = (performance.now() - t0) / 1000;
  log(`stopped in ${stopSeconds.toFixed(1)} s; restarting on the same spool`);
  t0 = performance.now();
  const instance = await startHermod(serverOptions(opts, hermod.dataDir));
  const smtpReadySeconds = (performance.now() - t0) / 1000;
  await waitForPort(HTTP_PORT, 10 * 60_000);
  const httpReadySeconds = (performance.now() - t0) / 1000;
  log(`SMTP answers after ${smtpReadySeconds.toFixed(1)} s, console after ${httpReadySeconds.toFixed(1)} s`);
  const session = await login(BASE, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const consoleProbe = sampleWhile(() => timedGet(`${BASE}/api/health`), 1_000);
  const snap = await waitQueued(session, expected.queued);
  await waitQuiet(instance.pid);
  const quietSeconds = (performance.now() - t0) / 1000 - QUIET_WINDOW_MS / 1000;
  const during = await consoleProbe.stop();
  const deferredRecords = (await readSnapshot(BASE, session)).totals.deferred - expected.deferred;
  log(`quiet ${quietSeconds.toFixed(0)} s after the restart; ${deferredRecords} t records meanwhile`);
  const { rss, heaps } = await settledMemory(instance.pid);
  return {
    result: {
      stopSeconds,
      smtpReadySeconds,
      httpReadySeconds,
      queued: snap.queuedRecipients,
      quietSeconds,
      deferredRecords,
      consoleUntilQuiet: latencyOf(during),
      rss,
      peakRss: memoryOf(instance.pid).hwm,
      heaps,
    },
    instance,
  };
}

/** Runs the whole scenario; the data directory is removed at the end. */
export async function runScale(opts: ScaleOptions): Promise<ScaleResult> {
  await assertNothingListens(DEAD_PORT);
  fs.writeFileSync(opts.logFile, "");
  let hermod = await startHermod(serverOptions(opts));
  try {
    // Warm the console (Next loads a route on its first request) so the baseline includes it.
    const session = await login(BASE, BENCH_ADMIN.username, BENCH_ADMIN.password);
    await readSnapshot(BASE, session);
    await sampleGet(`${BASE}/api/health`, 2);
    const before = await settledMemory(hermod.pid);
    log(`baseline RSS ${mib(before.rss)}; injecting ${opts.recipients} recipients over ${opts.domains} domains, ${opts.perMessage} a message`);

    const inject = await fill(opts, hermod);
    const peakRss = memoryOf(hermod.pid).hwm;
    log(`injected ${inject.accepted} in ${inject.seconds.toFixed(1)} s; peak RSS ${mib(peakRss)}`);
    const snap = await waitQueued(session, inject.accepted);
    const queued = await settledMemory(hermod.pid);
    log(`RSS with ${snap.queuedRecipients} queued, after GC: ${mib(queued.rss)}; idle window of ${opts.idleSeconds} s`);

    const idleMs = opts.idleSeconds * 1000;
    const [share, threads, loops] = await Promise.all([cpuShare(hermod.pid, idleMs), threadShares(hermod.pid, idleMs), eventLoopUtilization(INSPECT_PORT, idleMs)]);
    // A profile perturbs event-loop utilization, so it gets a window of its own.
    const profiles = opts.profileDir ? await cpuProfiles(INSPECT_PORT, idleMs, opts.profileDir) : undefined;
    const probes = await probe(opts, session);
    const spool = dirUsage(path.join(hermod.dataDir, "spool"));
    const deferredRecords = (await readSnapshot(BASE, session)).totals.deferred;

    const restarted = await restart(opts, hermod, { queued: probes.queued, deferred: deferredRecords });
    hermod = restarted.instance;
    return {
      load: { recipients: opts.recipients, domains: opts.domains, perMessage: opts.perMessage, sessions: opts.sessions, messages: inject.progress.messages },
      inject: { seconds: inject.seconds, accepted: inject.accepted, refused: inject.refused, retries: inject.retries, problems: inject.problems, consoleDuring: inject.consoleDuring },
      deferredRecords,
      memory: {
        baselineRss: before.rss,
        peakRss,
        queuedRss: queued.rss,
        bytesPerRecipient: (queued.rss - before.rss) / Math.max(1, inject.accepted),
        heapsBefore: before.heaps,
        heapsQueued: queued.heaps,
      },
      spool,
      idle: { seconds: opts.idleSeconds, cpuShare: share, threads, loops, ...(profiles ? { profiles } : {}) },
      probes,
      restart: restarted.result,
    };
  } finally {
    await hermod.stop();
    fs.rmSync(hermod.dataDir, { recursive: true, force: true });
  }
}

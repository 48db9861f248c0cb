/**
 * One relay measurement on loopback, the way ../shared/bench does it: smtp-source injects N messages
 * of SIZE bytes over CONC sessions into the MTA under test, which relays them to an smtp-sink; the
 * run ends when the sink has counted N messages.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface RelayResult {
  n: number;
  size: number;
  conc: number;
  injectSeconds: number;
  relaySeconds: number;
  relayPerSecond: number;
  injectPerSecond: number;
  /** CPU seconds used by the MTA's process tree during the run, when its pid is known. */
  mtaCpuSeconds?: number;
}

export interface Sink {
  count(): number;
  stop(): Promise<void>;
}

/** Starts Postfix's smtp-sink on `port`, counting messages from its `-c` progress output. */
export async function startSmtpSink(port: number): Promise<Sink> {
  const args = ["-c", ...(process.getuid?.() === 0 ? ["-u", "nobody"] : []), "-m", "512", `127.0.0.1:${port}`, "1024"];
  const proc = spawn("/usr/sbin/smtp-sink", args, { stdio: ["ignore", "pipe", "pipe"] });
  let messages = 0;
  proc.stdout!.on("data", (chunk: Buffer) => {
    const all = [...chunk.toString("latin1").matchAll(/mesg=(\d+)/g)];
    if (all.length > 0) messages = Number(all[all.length - 1][1]);
  });
  await waitForPort(port);
  return {
    count: () => messages,
    stop: () => stopProcess(proc),
  };
}

export async function relay(opts: { injectPort: number; sink: Sink; n: number; size: number; conc: number; mtaPid?: number; timeoutMs?: number }): Promise<RelayResult> {
  const before = opts.sink.count();
  const cpu0 = opts.mtaPid ? treeCpuSeconds(opts.mtaPid) : 0;
  const start = performance.now();
  const source = spawn(
    "/usr/sbin/smtp-source",
    ["-l", String(opts.size), "-m", String(opts.n), "-s", String(opts.conc), "-f", "bench@example.com", "-t", "rcpt@example.net", `127.0.0.1:${opts.injectPort}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  source.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  let injectEnd = 0;
  const injected = new Promise<void>((resolve, reject) =>
    source.once("exit", (code) => {
      injectEnd = performance.now();
      if (code === 0) resolve();
      else reject(new Error(`smtp-source failed (${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`));
    }),
  );
  injected.catch(() => undefined);
  const deadline = start + (opts.timeoutMs ?? 600_000);
  let nextLog = start + 5_000;
  while (opts.sink.count() - before < opts.n) {
    if (performance.now() > nextLog) {
      nextLog += 5_000;
      console.error(`# t=${((performance.now() - start) / 1000).toFixed(0)}s sink=${opts.sink.count() - before}/${opts.n}${injectEnd ? " (injection done)" : ""}`);
    }
    if (performance.now() > deadline) throw new Error(`timeout: sink has ${opts.sink.count() - before} of ${opts.n}`);
    if (injectEnd && (await injected.then(() => false, () => true))) await injected;
    await new Promise((r) => setTimeout(r, 20));
  }
  const relayEnd = performance.now();
  await injected;
  const cpu1 = opts.mtaPid ? treeCpuSeconds(opts.mtaPid) : 0;
  const injectSeconds = (injectEnd - start) / 1000;
  const relaySeconds = (relayEnd - start) / 1000;
  return {
    n: opts.n,
    size: opts.size,
    conc: opts.conc,
    injectSeconds,
    relaySeconds,
    relayPerSecond: opts.n / relaySeconds,
    injectPerSecond: opts.n / injectSeconds,
    ...(opts.mtaPid ? { mtaCpuSeconds: cpu1 - cpu0 } : {}),
  };
}

/** utime+stime of a process and its live children, in seconds (Linux /proc). */
export function treeCpuSeconds(pid: number): number {
  const ticks = 100;
  let total = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
      for (const c of children ? children.split(" ") : []) visit(Number(c));
    } catch {
      // the process ended
    }
  };
  visit(pid);
  return total;
}

/** Peak resident set (VmHWM) of a process in MiB. */
export function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    proc.once("exit", () => (clearTimeout(timer), resolve()));
    proc.kill(signal);
  });
}

/**
 * Responsiveness probes for the benches: HTTP request latency, whole SMTP transactions, SMTP NOOP
 * round trips on one open session, the time until a server greets, and percentiles over the samples.
 */

import { RawSmtp, sendRaw } from "../mta/testing/raw-smtp";

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in ms. */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1] };
}

/** Latencies of a background probe, with the failures it saw. */
export type Latency = Percentiles & { failures: string[] };

export const latencyOf = (r: { ms: number[]; failures: string[] }): Latency => ({ ...percentiles(r.ms), failures: r.failures.slice(0, 5) });

export const formatPercentiles = (p: Percentiles): string =>
  p.n === 0 ? "no samples" : `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(1)} ms (n=${p.n})`;

/** One GET; the body is read (and counted) so the time includes it. */
export async function timedGet(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers, redirect: "manual" });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { ms: performance.now() - t0, status: res.status, bytes };
}

/** `n` sequential GETs; throws on a non-2xx answer. */
export async function sampleGet(url: string, n: number, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await timedGet(url, headers);
    if (r.status < 200 || r.status > 299) throw new Error(`GET ${url} answered ${r.status}`);
    out.push(r.ms);
  }
  return out;
}

/**
 * `n` fresh one-recipient messages, one after another, each timed from connect to the 250 that
 * accepts it (so it includes the spool's fsyncs); throws unless every one is accepted.
 */
export async function sampleSend(port: number, n: number, to: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await sendRaw(port, { from: "probe@bench.test", to: [to], body: `Subject: probe ${i}\r\n\r\nprobe\r\n` });
    if (!r.data?.startsWith("250")) throw new Error(`probe message refused: ${r.data ?? r.rcpt.join(" / ")}`);
    out.push(performance.now() - t0);
  }
  return out;
}

/** `n` NOOP round trips on one SMTP session (after its greeting and EHLO). */
export async function sampleNoop(port: number, n: number): Promise<number[]> {
  const c = await RawSmtp.connect(port);
  try {
    await c.reply(30_000);
    await c.command("EHLO probe.bench.test");
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const reply = await c.command("NOOP");
      if (!reply.startsWith("250")) throw new Error(`NOOP answered ${reply}`);
      out.push(performance.now() - t0);
    }
    await c.command("QUIT").catch(() => "");
    return out;
  } finally {
    c.close();
  }
}

/** Resolves once a fresh connection to `port` gets a 220 greeting; polls every 50 ms. */
export async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const c = await RawSmtp.connect(port);
      try {
        last = await c.reply(Math.max(1, deadline - Date.now()));
        if (last.startsWith("220")) return;
      } finally {
        c.close();
      }
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no 220 greeting on ${port} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Times `probe` every `intervalMs` in the background (one at a time) until `stop()`, which resolves
 * with the latencies; a probe that throws counts as a failure (the first few messages are kept). For
 * latency while something else runs.
 */
export function sampleWhile(probe: () => Promise<unknown>, intervalMs: number): { stop(): Promise<{ ms: number[]; failures: string[] }> } {
  const ms: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await probe();
        ms.push(performance.now() - t0);
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
        failures.push(`${err instanceof Error ? err.message : String(err)}${cause} after ${(performance.now() - t0).toFixed(0)} ms`);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (performance.now() - t0))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ms, failures };
    },
  };
}

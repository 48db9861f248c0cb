/**
 * A Hermod and a loopback sink for traffic-shaping tests, and the arithmetic their assertions share:
 * the most events in any window of a rate's length, the long-run rate, the most connections open at
 * once. Every domain goes to the sink: through `smtp-hosts` by default, or through MX records served
 * by a fake resolver (`mx`), so that domains can share MX hosts. Test-only.
 */

import { afterEach, expect } from "vitest";
import type { Rate } from "../config/types";
import type { Resolver } from "../ports";
import { startHarness, type Harness } from "./harness";
import { sendRaw } from "./raw-smtp";
import { startSink, type Sink, type SinkConnection, type SinkOptions } from "./sink";
import { domainOf } from "./sink-plan";

export interface RigOptions {
  /** Global directives (`total-max-smtp-out 2`, `<virtual-mta>` blocks are better in `blocks`). */
  global?: string[];
  /** Lines for the `<domain *>` block. */
  domainExtra?: string[];
  /** Whole blocks after the rest: `<virtual-mta>`, `<domain NAME>`, `<mx-rollup-list>` … */
  blocks?: string[];
  sink?: SinkOptions;
  /** MX records per domain: routes by MX (each exchange resolving to 127.0.0.1) instead of smtp-hosts. */
  mx?: Record<string, string[]>;
}

export interface Rig {
  h: Harness;
  sink: Sink;
  /** Injects one message (headers may name an `X-Virtual-MTA`); throws unless it is accepted. */
  send(to: string | string[], headers?: string): Promise<void>;
  /**
   * Injects one message to each of `recipients` (a list: one message to them all) over several
   * sessions at once, so that a backlog builds faster than the limits under test let it drain.
   */
  sendAll(recipients: readonly (string | string[])[], headers?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Sessions `sendAll` injects over at once. */
const INJECTION_SESSIONS = 8;

export async function startRig(opts: RigOptions = {}): Promise<Rig> {
  const sink = await startSink(opts.sink);
  const route = opts.mx ? `default-smtp-port ${sink.port}` : `smtp-hosts [127.0.0.1]:${sink.port}`;
  let h: Harness;
  try {
    h = await startHarness(
      (port) =>
        [
          `smtp-listener 127.0.0.1:${port}`,
          ...(opts.global ?? []),
          "<source 127.0.0.1>",
          "    always-allow-relaying yes",
          "    max-rcpt-per-message 1000",
          "    process-x-virtual-mta yes",
          "</source>",
          "<domain *>",
          `    ${route}`,
          "    retry-after 1s",
          ...(opts.domainExtra ?? []).map((l) => `    ${l}`),
          "</domain>",
          ...(opts.blocks ?? []),
          "",
        ].join("\n"),
      opts.mx ? { resolver: fakeMx(opts.mx) } : {},
    );
  } catch (err) {
    await sink.close();
    throw err;
  }
  const send = async (to: string | string[], headers = "") => {
    const rcpts = Array.isArray(to) ? to : [to];
    const r = await sendRaw(h.port, { from: "shaper@src.test", to: rcpts, body: `${headers}Subject: shaping\r\n\r\nx\r\n` });
    if (!r.data?.startsWith("250")) throw new Error(`injection refused: ${JSON.stringify(r)}`);
  };
  return {
    h,
    sink,
    send,
    async sendAll(recipients, headers = "") {
      const next = [...recipients];
      const worker = async () => {
        for (let to = next.shift(); to !== undefined; to = next.shift()) await send(to, headers);
      };
      await Promise.all(Array.from({ length: INJECTION_SESSIONS }, worker));
    },
    async stop() {
      await h.stop();
      await sink.close();
    },
  };
}

/** For a test file: a function that starts a rig, each one stopped after its test. */
export function rigPerTest(): (opts?: RigOptions) => Promise<Rig> {
  const running: Rig[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });
  return async (opts) => {
    const r = await startRig(opts);
    running.push(r);
    return r;
  };
}

function fakeMx(mx: Record<string, string[]>): Resolver {
  const none = (name: string) => Promise.reject(Object.assign(new Error(`no data for ${name}`), { code: "ENODATA" }));
  return {
    resolveMx: (domain) => (mx[domain] ? Promise.resolve(mx[domain].map((exchange) => ({ exchange, priority: 10 }))) : none(domain)),
    resolve4: () => Promise.resolve(["127.0.0.1"]),
    resolve6: (host) => none(host),
  };
}

/** When each transaction (MAIL FROM) for one of `domains` reached the sink, sorted. */
export function transactionTimes(sink: Sink, ...domains: string[]): number[] {
  return sink.transactions.filter((t) => t.rcpts.some((r) => domains.includes(domainOf(r.address)))).map((t) => t.at).sort((a, b) => a - b);
}

/** When each RCPT for one of `domains` reached the sink, sorted: what `max-msg-rate` counts. */
export function recipientTimes(sink: Sink, ...domains: string[]): number[] {
  return sink.transactions.flatMap((t) => t.rcpts.filter((r) => domains.includes(domainOf(r.address))).map((r) => r.at)).sort((a, b) => a - b);
}

/** The most of `times` (sorted) inside any window [t, t + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Events per `perMs` from the first of `times` (sorted) to the last. */
export function longRunRate(times: readonly number[], perMs: number): number {
  if (times.length < 2) throw new Error(`a rate needs two events, got ${times.length}`);
  return ((times.length - 1) * perMs) / (times[times.length - 1] - times[0]);
}

/**
 * How `times` kept to `rate`: the most in any window of the rate's length (`allowed`: at most `count`,
 * plus `edge` for what lands on the window's far edge: one event, or one transaction's recipients) and
 * the long-run rate as a fraction of the configured one.
 */
export function rateKept(times: readonly number[], rate: Rate, edge = 1): { maxInWindow: number; allowed: number; ratio: number } {
  return { maxInWindow: maxInWindow(times, rate.perMs), allowed: rate.count + edge, ratio: longRunRate(times, rate.perMs) / rate.count };
}

/** Asserts `rateKept`: no window over the allowed count, and the long-run rate within 10% of `rate`. */
export function expectRateKept(times: readonly number[], rate: Rate, edge = 1): void {
  const kept = rateKept(times, rate, edge);
  expect(kept.maxInWindow, `most in one window of ${rate.perMs} ms`).toBeLessThanOrEqual(kept.allowed);
  expect(kept.ratio, "long-run rate / configured rate").toBeGreaterThan(0.9);
  expect(kept.ratio, "long-run rate / configured rate").toBeLessThan(1.1);
}

/** `n` recipients in each of `domains`, interleaved: `u0@a`, `u0@b`, `u1@a` … */
export function recipientsIn(domains: readonly string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => domains.map((d) => `u${i}@${d}`)).flat();
}

/** The most of `connections` open at once: the peak is always at some connection's opening. */
export function maxOpenAtOnce(connections: readonly SinkConnection[]): number {
  const openAt = (t: number) => connections.filter((c) => c.openedAt <= t && (c.closedAt ?? Infinity) > t).length;
  return Math.max(0, ...connections.map((c) => openAt(c.openedAt)));
}

import { describe, expect, it } from "vitest";
import type { MtaSnapshot, QueueSnapshot } from "@/mta/index";
import { MonitorRollups } from "./monitor-rollups";
import { buildSnapshot } from "./monitor-snapshot";
import { summarizeQueues, TOP_QUEUES } from "./queue-health";
import { zeroRollup } from "./rollup-counts";

const T0 = Date.UTC(2026, 0, 1, 12);

const queue = (domain: string, vmta: string, recipients: number, extra: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  key: `${domain}/${vmta}`, domain, vmta, recipients, messages: recipients, bytes: recipients * 2048, oldestQueuedAt: T0 - recipients * 1_000, activeConnections: 1, nextAttemptAt: null, lastError: null, mode: "normal", modeSince: 0, modeReason: null, paused: false, disabledSources: [], maxSmtpOut: 10, rate: { lastMinute: 10, limit: "100/m", limitPerMinute: 100 }, ...extra,
});

describe("summarizeQueues", () => {
  it("sums queue health per VirtualMTA and per pool, and flags backoff, paused and rate at limit", () => {
    const health = summarizeQueues({
      queues: [
        queue("a.test", "v1", 5, { mode: "backoff" }),
        queue("b.test", "v1", 2, { paused: true, rate: { lastMinute: 99, limit: "100/m", limitPerMinute: 100 } }),
        queue("a.test", "v2", 30, { rate: { lastMinute: 3, limit: null, limitPerMinute: null } }),
      ],
      vmtas: [{ name: "v1", sourceIps: [] }, { name: "v2", sourceIps: [] }, { name: "idle", sourceIps: [] }],
      pools: [{ name: "p", members: ["v1", "v2"] }],
    });
    expect(health.queueCount).toBe(3);
    expect(health.vmtas.map((v) => v.name)).toEqual(["v2", "v1", "idle"]);
    expect(health.vmtas[1]).toEqual({
      name: "v1", queues: 2, recipients: 7, messages: 7, kb: 14, oldestQueuedAt: T0 - 5_000, backoffQueues: 1, pausedQueues: 1, atRateLimitQueues: 1, activeConnections: 2, maxConnections: 20, rateLastMinute: 109, rateLimitPerMinute: 200,
    });
    expect(health.pools).toEqual([
      { name: "p", members: ["v1", "v2"], queues: 3, recipients: 37, messages: 37, kb: 74, oldestQueuedAt: T0 - 30_000, backoffQueues: 1, pausedQueues: 1, atRateLimitQueues: 1, activeConnections: 3, maxConnections: 30, rateLastMinute: 112, rateLimitPerMinute: null },
    ]);
    expect(health.topQueues.map((q) => [q.key, q.mode, q.paused, q.atRateLimit])).toEqual([
      ["a.test/v2", "normal", false, false],
      ["a.test/v1", "backoff", false, false],
      ["b.test/v1", "normal", true, true],
    ]);
  });

  it("with 10,000 queues builds a feed snapshot of a few tens of KB fast (well under a push interval)", () => {
    const queues = Array.from({ length: 10_000 }, (_, i) => queue(`d${i}.test`, `v${i % 8}`, (i * 7919) % 1000, { lastError: "421 4.7.0 try again later, deferred by rate limiting" }));
    const snap: MtaSnapshot = {
      at: T0, startedAt: T0 - 1_000, queues, totals: { queuedRecipients: 1, queuedMessages: 1, spoolBytes: 1 }, connections: { smtpIn: 0, smtpOut: 0 }, counters: { received: 0, delivered: 0, deferred: 0, bounced: 0 },
      jobs: Array.from({ length: 500 }, (_, i) => ({ id: `job-${i}`, recipients: 500 - i, messages: 1, paused: false })),
      pools: [{ name: "all", members: Array.from({ length: 8 }, (_, i) => `v${i}`) }],
      vmtas: Array.from({ length: 8 }, (_, i) => ({ name: `v${i}`, sourceIps: [] })),
    };
    const rollups = new MonitorRollups();
    for (let i = 0; i < 10_000; i++) rollups.countRecord({ type: "t", rcpt: `u@d${i}.test`, timeLogged: T0, bounceCat: "policy-related", jobId: "job-1", dlvSize: 0 } as never);
    buildSnapshot(T0, snap, rollups, zeroRollup()); // warm up
    const t0 = performance.now();
    const feed = buildSnapshot(T0, snap, rollups, zeroRollup());
    const ms = performance.now() - t0;
    console.log(`feed snapshot over 10,000 queues: ${ms.toFixed(1)} ms, ${JSON.stringify(feed).length} bytes`);
    const bytes = JSON.stringify(feed).length;
    expect(feed.queueCount).toBe(10_000);
    expect(feed.topQueues).toHaveLength(TOP_QUEUES);
    expect(feed.topQueues[0].recipients).toBe(999);
    expect(feed.vmtas).toHaveLength(8);
    expect(feed.jobs).toHaveLength(20);
    expect(feed.failures.lastHour.domains).toHaveLength(20);
    expect(bytes).toBeLessThan(40_000);
    // Linear work over 10,000 queues; generous for a loaded 2-core machine, far below a quadratic pass.
    expect(ms).toBeLessThan(250);
  });
});

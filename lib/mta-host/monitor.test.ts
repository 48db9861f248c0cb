import { afterEach, describe, expect, it, vi } from "vitest";
import { MtaEventBus, type AcctRecord, type MtaHandle, type MtaSnapshot } from "@/mta/index";
import type { TMonitorSnapshot } from "../schemas/monitor";
import type { BucketDelta } from "./minute-buckets";
import { createMonitor, getMonitor, startMonitor, type MetricStore } from "./monitor";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 30);

const noActions = {
  pauseQueue: async () => false,
  resumeQueue: async () => false,
  pauseJob: async () => false,
  resumeJob: async () => false,
  retryNow: async () => false,
  disableSource: async () => false,
  enableSource: async () => false,
  deleteRecipients: async () => 0,
  listRecipients: async () => [],
  queueSettings: async () => null,
};

function fakeMta(): MtaHandle {
  const snap: MtaSnapshot = {
    at: T0,
    startedAt: T0 - 60_000,
    queues: [
      { key: "small.test/v1", domain: "small.test", vmta: "v1", recipients: 1, messages: 1, bytes: 10, oldestQueuedAt: T0 - 5_000, activeConnections: 0, nextAttemptAt: null, lastError: null, mode: "normal", modeSince: 0, modeReason: null, paused: false, disabledSources: [], maxSmtpOut: 20, rate: { lastMinute: 0, limit: null, limitPerMinute: null } },
      { key: "big.test/v1", domain: "big.test", vmta: "v1", recipients: 9, messages: 3, bytes: 99, oldestQueuedAt: T0 - 9_000, activeConnections: 2, nextAttemptAt: null, lastError: "421 try later", mode: "normal", modeSince: 0, modeReason: null, paused: false, disabledSources: [], maxSmtpOut: 20, rate: { lastMinute: 0, limit: null, limitPerMinute: null } },
    ],
    totals: { queuedRecipients: 10, queuedMessages: 4, spoolBytes: 109 },
    connections: { smtpIn: 1, smtpOut: 2 },
    counters: { received: 0, delivered: 0, deferred: 0, bounced: 0 },
    jobs: [],
    pools: [],
    vmtas: [],
  };
  return { events: new MtaEventBus(), start: async () => {}, stop: async () => {}, reload: async () => {}, setQueueMode: async () => false, ...noActions, snapshot: () => snap };
}

function memoryStore(totals = { received: 100, delivered: 90, deferred: 5, bounced: 3 }, history: BucketDelta[] = []) {
  const written: BucketDelta[][] = [];
  let failNext = false;
  const store: MetricStore = {
    totals: async () => totals,
    since: async () => history,
    incrementMany: async (deltas) => {
      if (failNext) {
        failNext = false;
        throw new Error("db down");
      }
      written.push([...deltas]);
    },
  };
  return { store, written, failOnce: () => (failNext = true) };
}

const rec = (type: AcctRecord["type"], rcpt: string): AcctRecord => ({ type, rcpt, timeLogged: T0 }) as AcctRecord;

afterEach(() => {
  vi.useRealTimers();
});

describe("monitor", () => {
  it("adds live counts to persisted totals and buckets history plus live events", async () => {
    const mta = fakeMta();
    const { store } = memoryStore(undefined, [{ bucketStart: T0 - 30_000 - 60_000, domain: "*", received: 4, delivered: 0, deferred: 0, bounced: 0 }]);
    const monitor = createMonitor(mta, { store, now: () => T0, logError: () => {} });
    await monitor.ready;
    mta.events.emit("received", { id: "m1", at: T0, mailFrom: "a@x.test", recipients: 2, size: 10, sourceIp: "127.0.0.1" });
    mta.events.emit("record", rec("d", "u@big.test"));
    mta.events.emit("record", rec("t", "u@big.test"));
    mta.events.emit("record", rec("b", "u@small.test"));

    const snap = monitor.snapshot();
    expect(snap.totals).toEqual({ received: 101, delivered: 91, deferred: 6, bounced: 4 });
    expect(snap.throughput).toHaveLength(60);
    expect(snap.throughput.at(-1)).toMatchObject({ received: 1, delivered: 1, deferred: 1, bounced: 1 });
    expect(snap.throughput.at(-2)).toMatchObject({ received: 4 });
    expect(snap.engine).toMatchObject({ state: "running", queuedMessages: 4, smtpOut: 2 });
    expect(snap.queues.map((q) => q.key)).toEqual(["big.test/v1", "small.test/v1"]);
    await monitor.stop();
  });

  it("persists increments on the flush interval and retries after a failed write", async () => {
    vi.useFakeTimers();
    const mta = fakeMta();
    const { store, written, failOnce } = memoryStore();
    const errors: string[] = [];
    const monitor = createMonitor(mta, { store, now: () => T0, flushIntervalMs: 5_000, logError: (m) => errors.push(m) });
    await monitor.ready;
    mta.events.emit("record", rec("d", "u@big.test"));
    failOnce();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toHaveLength(0);
    expect(errors).toHaveLength(1);
    mta.events.emit("record", rec("d", "u@big.test"));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toEqual([[{ bucketStart: T0 - 30_000, domain: "big.test", received: 0, delivered: 2, deferred: 0, bounced: 0 }]]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toHaveLength(1); // nothing new, nothing written
    await monitor.stop();
  });

  it("writes many domains a chunk at a time and retries only the chunks not written", async () => {
    const mta = fakeMta();
    const sizes: number[] = [];
    const delivered = new Map<string, number>();
    let calls = 0;
    const store: MetricStore = {
      ...memoryStore().store,
      incrementMany: async (deltas) => {
        if (++calls === 2) throw new Error("db down");
        sizes.push(deltas.length);
        for (const d of deltas) delivered.set(d.domain, (delivered.get(d.domain) ?? 0) + d.delivered);
      },
    };
    const errors: string[] = [];
    const monitor = createMonitor(mta, { store, now: () => T0, logError: (m) => errors.push(m) });
    await monitor.ready;
    for (let i = 0; i < 1_200; i++) mta.events.emit("record", rec("d", `u@d${i}.test`));
    await monitor.flush();
    expect(sizes).toEqual([500]);
    expect(errors).toHaveLength(1);
    await monitor.flush();
    expect(sizes).toEqual([500, 500, 200]);
    expect(delivered.size).toBe(1_200);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    await monitor.stop();
  });

  it("pushes a snapshot on subscribe and then every second, and stops after unsubscribe", async () => {
    vi.useFakeTimers();
    const monitor = createMonitor(fakeMta(), { store: memoryStore().store, now: () => T0 });
    const seen: TMonitorSnapshot[] = [];
    const off = monitor.subscribe((s) => seen.push(s));
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(4);
    off();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(4);
    await monitor.stop();
  });

  it("stops listening to the engine and writes what is pending on stop", async () => {
    const mta = fakeMta();
    const { store, written } = memoryStore();
    const monitor = createMonitor(mta, { store, now: () => T0 });
    mta.events.emit("record", rec("b", "u@small.test"));
    await monitor.stop();
    expect(written.flat()).toEqual([{ bucketStart: T0 - 30_000, domain: "small.test", received: 0, delivered: 0, deferred: 0, bounced: 1 }]);
    mta.events.emit("record", rec("b", "u@small.test"));
    expect(monitor.snapshot().totals.bounced).toBe(4);
  });

  it("is registered once per process for the Next bundle", async () => {
    const mta = fakeMta();
    const store = memoryStore().store;
    const monitor = startMonitor(mta, { store });
    expect(getMonitor()).toBe(monitor);
    expect(startMonitor(mta, { store })).toBe(monitor);
    await monitor.stop();
    expect(getMonitor()).toBeNull();
  });
});

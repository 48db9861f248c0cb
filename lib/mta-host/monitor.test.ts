import { afterEach, describe, expect, it, vi } from "vitest";
import { MtaEventBus, type AcctRecord, type MtaHandle, type MtaSnapshot } from "@/mta/index";
import type { TMonitorSnapshot } from "../schemas/monitor";
import { HOUR_MS, MINUTE_MS } from "./minute-buckets";
import { createMonitor, getMonitor, startMonitor, type RollupRows, type RollupStore, type RollupTableName } from "./monitor";
import type { RollupHistory } from "./monitor-rollups";
import { zeroRollup, type RollupCounts } from "./rollup-counts";
import type { PersistedTraffic } from "./traffic";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 30);
const MINUTE = T0 - 30_000;
const HOUR = Date.UTC(2026, 0, 1, 12);

const noActions = {
  setSuppressionLists: async () => {},
  addSuppressionEntries: async () => 0,
  removeSuppressionEntries: async () => 0,
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

const queue = (domain: string, recipients: number, extra: Partial<MtaSnapshot["queues"][number]> = {}): MtaSnapshot["queues"][number] => ({
  key: `${domain}/v1`, domain, vmta: "v1", recipients, messages: recipients, bytes: recipients * 1024, oldestQueuedAt: T0 - 5_000, activeConnections: 0, nextAttemptAt: null, lastError: null, mode: "normal", modeSince: 0, modeReason: null, paused: false, disabledSources: [], maxSmtpOut: 20, rate: { lastMinute: 0, limit: null, limitPerMinute: null }, ...extra,
});

function fakeMta(): MtaHandle {
  const snap: MtaSnapshot = {
    at: T0,
    startedAt: T0 - 60_000,
    queues: [queue("small.test", 1), queue("big.test", 9, { activeConnections: 2, lastError: "421 try later" })],
    totals: { queuedRecipients: 10, queuedMessages: 4, spoolBytes: 109 },
    connections: { smtpIn: 1, smtpOut: 2 },
    counters: { received: 0, delivered: 0, deferred: 0, bounced: 0 },
    jobs: [{ id: "job-1", recipients: 3, messages: 1, paused: false }],
    pools: [{ name: "pool", members: ["v1"] }],
    vmtas: [{ name: "v1", sourceIps: ["127.0.0.1"] }],
  };
  return { events: new MtaEventBus(), start: async () => {}, stop: async () => {}, reload: async () => {}, setQueueMode: async () => false, ...noActions, snapshot: () => snap };
}

const rollup = (c: Partial<RollupCounts>): RollupCounts => ({ ...zeroRollup(), ...c });
const EMPTY_HISTORY: RollupHistory = { minutes: [], hours: [], categories: [], jobs: [] };

function memoryStore(persisted: Partial<PersistedTraffic> = {}, history: RollupHistory = EMPTY_HISTORY) {
  const written: { table: RollupTableName; rows: RollupRows[RollupTableName] }[] = [];
  const pruned: { minutesBefore: number; hoursBefore: number }[] = [];
  let failNext = false;
  const store: RollupStore = {
    load: async () => ({
      history,
      persisted: { totals: rollup({ received: 100, delivered: 90, deferred: 5, bounced: 3 }), topMinute: zeroRollup(), topHour: zeroRollup(), ...persisted },
    }),
    write: async (table, rows) => {
      if (failNext) {
        failNext = false;
        throw new Error("db down");
      }
      written.push({ table, rows: [...rows] as never });
    },
    prune: async (cutoffs) => {
      pruned.push(cutoffs);
    },
  };
  return { store, written, pruned, failOnce: () => (failNext = true), rows: (t: RollupTableName) => written.filter((w) => w.table === t).flatMap((w) => w.rows) };
}

const rec = (type: AcctRecord["type"], rcpt: string, extra: Partial<AcctRecord> = {}): AcctRecord =>
  ({ type, rcpt, timeLogged: T0, dlvSize: type === "d" ? 2048 : 0, bounceCat: type === "d" ? "" : "bad-mailbox", jobId: "job-1", ...extra }) as AcctRecord;
const received = (at = T0, recipients = 2, size = 3072) => ({ id: "m1", at, mailFrom: "a@x.test", recipients, size, sourceIp: "127.0.0.1" });

afterEach(() => {
  vi.useRealTimers();
});

describe("monitor", () => {
  it("adds live counts to persisted totals and buckets history plus live events", async () => {
    const mta = fakeMta();
    const { store } = memoryStore(undefined, { ...EMPTY_HISTORY, minutes: [{ bucketStart: MINUTE - MINUTE_MS, domain: "*", counts: rollup({ received: 4 }) }] });
    const monitor = createMonitor(mta, { store, now: () => T0, logError: () => {} });
    await monitor.ready;
    mta.events.emit("received", received());
    mta.events.emit("record", rec("d", "u@big.test"));
    mta.events.emit("record", rec("t", "u@big.test"));
    mta.events.emit("record", rec("b", "u@small.test"));

    const snap = monitor.snapshot();
    expect(snap.totals).toEqual({ received: 101, delivered: 91, deferred: 6, bounced: 4 });
    expect(snap.throughput).toHaveLength(60);
    expect(snap.throughput.at(-1)).toMatchObject({ received: 1, delivered: 1, deferred: 1, bounced: 1 });
    expect(snap.throughput.at(-2)).toMatchObject({ received: 4 });
    expect(snap.engine).toMatchObject({ state: "running", queuedMessages: 4, smtpOut: 2 });
    expect(snap.topQueues.map((q) => q.key)).toEqual(["big.test/v1", "small.test/v1"]);
    expect(snap.vmtas).toMatchObject([{ name: "v1", queues: 2, recipients: 10, kb: 10, activeConnections: 2, maxConnections: 40 }]);
    expect(snap.pools).toMatchObject([{ name: "pool", members: ["v1"], recipients: 10 }]);
    expect(snap.jobs).toEqual([{ id: "job-1", recipients: 3, messages: 1, paused: false, last24h: { delivered: 1, deferred: 1, bounced: 1 } }]);
    expect(snap.failures.lastHour.domains).toEqual([
      { key: "big.test", deferred: 1, bounced: 0 },
      { key: "small.test", deferred: 0, bounced: 1 },
    ]);
    expect(snap.failures.last24h.categories).toEqual([{ key: "bad-mailbox", deferred: 1, bounced: 1 }]);
    expect(snap.traffic.lastMin).toEqual({ in: { rcp: 2, msg: 1, kb: 3 }, out: { rcp: 1, msg: 1, kb: 2 } });
    expect(snap.traffic.lastHr.in.msg).toBe(5);
    expect(snap.traffic.sinceStart.in.msg).toBe(1);
    await monitor.stop();
  });

  it("traffic(): total, since start, last hour / minute and the busiest minute / hour", async () => {
    const mta = fakeMta();
    let now = T0;
    const { store } = memoryStore(
      {
        totals: rollup({ received: 10, receivedRcpt: 20, receivedKb: 30, delivered: 15, deliveredKb: 25 }),
        topMinute: rollup({ received: 3, delivered: 1 }),
        topHour: rollup({ received: 7, delivered: 50, deliveredKb: 100.4 }),
      },
      { ...EMPTY_HISTORY, minutes: [{ bucketStart: MINUTE - 5 * MINUTE_MS, domain: "*", counts: rollup({ received: 2, receivedRcpt: 2 }) }] },
    );
    const monitor = createMonitor(mta, { store, now: () => now });
    await monitor.ready;
    for (let i = 0; i < 5; i++) mta.events.emit("received", received(T0, 3, 1024));
    mta.events.emit("record", rec("d", "a@big.test", { dlvSize: 512 }));
    mta.events.emit("record", rec("d", "b@big.test", { dlvSize: 512 }));
    const t = monitor.traffic();
    expect(t.total).toEqual({ in: { rcp: 35, msg: 15, kb: 35 }, out: { rcp: 17, msg: 17, kb: 26 } });
    expect(t.sinceStart).toEqual({ in: { rcp: 15, msg: 5, kb: 5 }, out: { rcp: 2, msg: 2, kb: 1 } });
    expect(t.lastMin).toEqual(t.sinceStart);
    expect(t.lastHr).toEqual({ in: { rcp: 17, msg: 7, kb: 5 }, out: { rcp: 2, msg: 2, kb: 1 } });
    // This minute (5 received) beats the persisted top minute (3); the persisted top hour stays on top.
    expect(t.topPerMin.in.msg).toBe(5);
    expect(t.topPerMin.out.rcp).toBe(2);
    expect(t.topPerHr).toEqual({ in: { rcp: 15, msg: 7, kb: 5 }, out: { rcp: 50, msg: 50, kb: 100 } });
    // 61 s later the last minute is empty; 61 minutes later so is the last hour, but totals stay.
    now = T0 + 61_000;
    expect(monitor.traffic().lastMin.in.msg).toBe(0);
    expect(monitor.traffic().lastHr.in.msg).toBe(7);
    now = T0 + 61 * MINUTE_MS;
    expect(monitor.traffic().lastHr.in.msg).toBe(0);
    expect(monitor.traffic().total.in.msg).toBe(15);
    await monitor.stop();
  });

  it("persists minute, hour, category and job increments on the flush interval and retries after a failed write", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const mta = fakeMta();
    const { store, written, failOnce, rows } = memoryStore();
    const errors: string[] = [];
    const monitor = createMonitor(mta, { store, now: () => T0, flushIntervalMs: 5_000, logError: (m) => errors.push(m) });
    await monitor.ready;
    mta.events.emit("record", rec("d", "u@big.test"));
    failOnce();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(written).toHaveLength(0);
    mta.events.emit("record", rec("d", "u@big.test"));
    mta.events.emit("record", rec("t", "v@big.test", { bounceCat: "quota", jobId: "" }));
    mta.events.emit("received", received());
    await vi.advanceTimersByTimeAsync(5_000);
    await monitor.flush();
    expect(rows("minutes")).toEqual([
      { bucketStart: MINUTE, key: "big.test", counts: rollup({ delivered: 2, deliveredKb: 4, deferred: 1 }) },
      { bucketStart: MINUTE, key: "*", counts: rollup({ received: 1, receivedRcpt: 2, receivedKb: 3 }) },
    ]);
    expect(rows("hours")).toEqual([
      { bucketStart: HOUR, key: "big.test", counts: rollup({ delivered: 2, deliveredKb: 4, deferred: 1 }) },
      { bucketStart: HOUR, key: "*", counts: rollup({ received: 1, receivedRcpt: 2, receivedKb: 3 }) },
    ]);
    expect(rows("categories")).toEqual([{ bucketStart: HOUR, key: "big.test\u0000quota", counts: { deferred: 1, bounced: 0 } }]);
    expect(rows("jobs")).toEqual([
      { bucketStart: HOUR, key: "job-1", counts: { delivered: 2, deferred: 0, bounced: 0 } },
      { bucketStart: HOUR, key: "", counts: { delivered: 0, deferred: 1, bounced: 0 } },
    ]);
    const count = written.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toHaveLength(count); // nothing new, nothing written
    await monitor.stop();
  });

  it("writes many domains a chunk at a time and retries only the chunks not written", async () => {
    const mta = fakeMta();
    const sizes: string[] = [];
    const delivered = new Map<string, number>();
    let calls = 0;
    const store: RollupStore = {
      ...memoryStore().store,
      write: async (table, rows) => {
        if (++calls === 2) throw new Error("db down");
        sizes.push(`${table}:${rows.length}`);
        if (table === "minutes") for (const r of rows as RollupRows["minutes"]) delivered.set(r.key, (delivered.get(r.key) ?? 0) + r.counts.delivered);
      },
    };
    const errors: string[] = [];
    const monitor = createMonitor(mta, { store, now: () => T0, logError: (m) => errors.push(m) });
    await monitor.ready;
    for (let i = 0; i < 1_200; i++) mta.events.emit("record", rec("d", `u@d${i}.test`));
    await monitor.flush();
    expect(sizes).toEqual(["minutes:500"]);
    expect(errors).toHaveLength(1);
    await monitor.flush();
    expect(sizes).toEqual(["minutes:500", "minutes:500", "minutes:200", "hours:500", "hours:500", "hours:200", "jobs:1"]);
    expect(delivered.size).toBe(1_200);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    await monitor.stop();
  });

  it("prunes minute rows older than 48 h and hour rows older than 90 days, at most once an hour", async () => {
    let now = T0;
    const { store, pruned } = memoryStore();
    const monitor = createMonitor(fakeMta(), { store, now: () => now });
    await monitor.ready;
    await monitor.flush();
    await monitor.pruned();
    expect(pruned).toEqual([{ minutesBefore: T0 - 48 * HOUR_MS, hoursBefore: T0 - 90 * 24 * HOUR_MS }]);
    now += 59 * MINUTE_MS;
    await monitor.flush();
    await monitor.pruned();
    expect(pruned).toHaveLength(1);
    now += MINUTE_MS;
    await monitor.flush();
    await monitor.pruned();
    expect(pruned).toHaveLength(2);
    expect(pruned[1].minutesBefore).toBe(T0 + HOUR_MS - 48 * HOUR_MS);
    await monitor.stop();
  });

  it("pushes a snapshot on subscribe and then every second, one snapshot shared by all subscribers", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const monitor = createMonitor(fakeMta(), { store: memoryStore().store, now: () => T0 });
    const seen: TMonitorSnapshot[] = [];
    const other: TMonitorSnapshot[] = [];
    const off = monitor.subscribe((s) => seen.push(s));
    const offOther = monitor.subscribe((s) => other.push(s));
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(4);
    expect(other.at(-1)).toBe(seen.at(-1));
    off();
    offOther();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(seen).toHaveLength(4);
    await monitor.stop();
  });

  it("stops listening to the engine and writes what is pending on stop", async () => {
    const mta = fakeMta();
    const { store, rows } = memoryStore();
    const monitor = createMonitor(mta, { store, now: () => T0 });
    mta.events.emit("record", rec("b", "u@small.test"));
    await monitor.stop();
    expect(rows("minutes")).toEqual([{ bucketStart: MINUTE, key: "small.test", counts: rollup({ bounced: 1 }) }]);
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

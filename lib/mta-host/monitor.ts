/**
 * The console's live view of the engine. Subscribes to `mta.events` (received, record), counts into
 * per-minute buckets per recipient domain, persists the increments to MetricBucket every few seconds
 * (never on the engine's thread: listeners only count), and serves `snapshot()` and `subscribe()`
 * from memory, so a request never aggregates raw rows. Started once by server.ts and registered on
 * globalThis, like getMta(), so the Next bundle reaches the same instance. No next/* imports.
 */

import { setImmediate } from "node:timers/promises";
import type { AcctRecord, MtaHandle, ReceivedEvent } from "@/mta/index";
import { METRIC_UPSERT_CHUNK, createMetricBucketRepository, type MetricBucketRepository } from "../db/metric-bucket-repository";
import type { TCounts, TEngineStatus, TMonitorSnapshot, TQueueRow } from "../schemas/monitor";
import { ALL_DOMAINS, MINUTE_MS, MinuteBuckets, addCounts, recipientDomain, zeroCounts, type CountField } from "./minute-buckets";

export type MetricStore = Pick<MetricBucketRepository, "incrementMany" | "totals" | "since">;
export type MonitorListener = (snapshot: TMonitorSnapshot) => void;

export interface MonitorOptions {
  store: MetricStore;
  now: () => number;
  /** How often counted increments are written to the database (≤ 10 s). */
  flushIntervalMs: number;
  /** How often subscribers get a snapshot (≤ 1 s). */
  pushIntervalMs: number;
  windowMinutes: number;
  logError: (message: string, err: unknown) => void;
}

export interface Monitor {
  readonly mta: MtaHandle;
  /** Resolves when persisted history (totals, last hour) is loaded; rejects are logged, not thrown. */
  readonly ready: Promise<void>;
  snapshot(): TMonitorSnapshot;
  /** Sends a snapshot now and then every `pushIntervalMs` until the returned function is called. */
  subscribe(listener: MonitorListener): () => void;
  /** Writes pending increments now. */
  flush(): Promise<void>;
  /** Unsubscribes from the engine, stops timers and writes what is pending. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULTS: Omit<MonitorOptions, "store"> = {
  now: () => Date.now(),
  flushIntervalMs: 5_000,
  pushIntervalMs: 1_000,
  windowMinutes: 60,
  logError: (message, err) => console.error(`hermod: ${message}`, err),
};

const FIELD_BY_RECORD: Record<AcctRecord["type"], CountField> = { d: "delivered", t: "deferred", b: "bounced" };

function engineStatus(mta: MtaHandle): { status: TEngineStatus; queues: TQueueRow[] } {
  const s = mta.snapshot();
  return {
    status: {
      state: "running",
      startedAt: s.startedAt,
      smtpIn: s.connections.smtpIn,
      smtpOut: s.connections.smtpOut,
      queuedRecipients: s.totals.queuedRecipients,
      queuedMessages: s.totals.queuedMessages,
      spoolBytes: s.totals.spoolBytes,
    },
    queues: s.queues
      .map((q) => ({
        key: q.key,
        domain: q.domain,
        vmta: q.vmta,
        recipients: q.recipients,
        messages: q.messages,
        oldestQueuedAt: q.oldestQueuedAt,
        activeConnections: q.activeConnections,
        lastError: q.lastError,
      }))
      .sort((a, b) => b.recipients - a.recipients || a.key.localeCompare(b.key)),
  };
}

export function createMonitor(mta: MtaHandle, overrides: Partial<MonitorOptions> = {}): Monitor {
  const opts: MonitorOptions = { ...DEFAULTS, store: overrides.store ?? createMetricBucketRepository(), ...overrides };
  const buckets = new MinuteBuckets(opts.windowMinutes);
  const listeners = new Set<MonitorListener>();
  let persistedTotals: TCounts = zeroCounts();
  let pushTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  // Listeners run on the engine's thread: count and return.
  const unsubscribers = [
    mta.events.on("received", (e: ReceivedEvent) => buckets.add(e.at, ALL_DOMAINS, "received")),
    mta.events.on("record", (r: AcctRecord) => buckets.add(r.timeLogged, recipientDomain(r.rcpt), FIELD_BY_RECORD[r.type])),
  ];

  // Totals are read before the first flush, so nothing counted here is in them twice.
  const ready = (async () => {
    const [totals, history] = await Promise.all([
      opts.store.totals(),
      opts.store.since(opts.now() - opts.windowMinutes * MINUTE_MS),
    ]);
    persistedTotals = totals;
    buckets.mergeHistory(history);
  })()
    .catch((err: unknown) => opts.logError("monitor could not load history", err))
    .finally(() => {
      if (stopped) return;
      flushTimer = setInterval(() => void flush(), opts.flushIntervalMs);
      flushTimer.unref();
    });

  function flush(): Promise<void> {
    flushing ??= (async () => {
      const deltas = buckets.drainPending();
      // A chunk at a time, yielding between chunks: the SQLite driver holds the thread for a whole
      // call, and with mail queued for thousands of domains one call stalled the console for seconds.
      for (let i = 0; i < deltas.length; i += METRIC_UPSERT_CHUNK) {
        if (i > 0) await setImmediate();
        try {
          await opts.store.incrementMany(deltas.slice(i, i + METRIC_UPSERT_CHUNK));
        } catch (err) {
          buckets.restore(deltas.slice(i));
          opts.logError("monitor could not persist metric buckets (will retry)", err);
          return;
        }
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  function snapshot(): TMonitorSnapshot {
    const at = opts.now();
    let engine: { status: TEngineStatus; queues: TQueueRow[] };
    try {
      engine = engineStatus(mta);
    } catch (err) {
      opts.logError("engine snapshot failed", err);
      engine = { status: { state: "not-running" }, queues: [] };
    }
    return {
      at,
      engine: engine.status,
      totals: addCounts(addCounts(zeroCounts(), persistedTotals), buckets.live),
      queues: engine.queues,
      throughput: buckets.series(at),
    };
  }

  function push(): void {
    if (listeners.size === 0) return;
    const snap = snapshot();
    for (const listener of listeners) {
      try {
        listener(snap);
      } catch (err) {
        opts.logError("monitor listener failed", err);
      }
    }
  }

  const monitor: Monitor = {
    mta,
    ready,
    snapshot,
    flush,
    subscribe(listener) {
      listeners.add(listener);
      listener(snapshot());
      if (!pushTimer) {
        pushTimer = setInterval(push, opts.pushIntervalMs);
        pushTimer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && pushTimer) {
          clearInterval(pushTimer);
          pushTimer = undefined;
        }
      };
    },
    stop() {
      stopped ??= (async () => {
        for (const off of unsubscribers) off();
        listeners.clear();
        clearInterval(pushTimer);
        clearInterval(flushTimer);
        await ready;
        await flush();
        if (getMonitor() === monitor) registerMonitor(undefined);
      })();
      return stopped;
    },
  };
  return monitor;
}

const KEY = Symbol.for("hermod.monitor");
type Registry = { [KEY]?: Monitor };

function registerMonitor(monitor: Monitor | undefined): void {
  (globalThis as Registry)[KEY] = monitor;
}

/** The monitor server.ts started, or null (e.g. `next dev` without server.ts). */
export function getMonitor(): Monitor | null {
  return (globalThis as Registry)[KEY] ?? null;
}

/**
 * server.ts: start the monitor for the running engine once per process. Calling it again for the same
 * engine returns the running monitor (dev reloads); call `stop()` on shutdown, before closing the DB.
 */
export function startMonitor(mta: MtaHandle, overrides: Partial<MonitorOptions> = {}): Monitor {
  const existing = getMonitor();
  if (existing && existing.mta === mta) return existing;
  if (existing) void existing.stop();
  const monitor = createMonitor(mta, overrides);
  registerMonitor(monitor);
  return monitor;
}

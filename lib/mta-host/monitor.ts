/**
 * The console's live view of the engine. Subscribes to `mta.events` (received, record), counts into
 * in-memory rollups (monitor-rollups.ts), persists the increments to the minute, hour, category and
 * job tables every few seconds (never on the engine's thread: listeners only count), prunes old rows
 * once an hour, and serves `snapshot()`, `traffic()` and `subscribe()` from memory, so a request never
 * aggregates raw rows. Started once by server.ts and registered on globalThis, like getMta(), so the
 * Next bundle reaches the same instance. No next/* imports.
 */

import { setImmediate } from "node:timers/promises";
import type { AcctRecord, MtaHandle, ReceivedEvent } from "@/mta/index";
import { createRollupStore } from "../db/monitor-rollup-store";
import type { TMonitorSnapshot, TTraffic } from "../schemas/monitor";
import { HOUR_MS } from "./minute-buckets";
import { MonitorRollups, type RollupDeltas, type RollupHistory } from "./monitor-rollups";
import { buildSnapshot } from "./monitor-snapshot";
import { zeroRollup } from "./rollup-counts";
import { buildTraffic, type PersistedTraffic } from "./traffic";

export type { RollupHistory } from "./monitor-rollups";
export type RollupTableName = keyof RollupDeltas;
export type RollupRows = RollupDeltas;

/** Where the rollups live (lib/db/monitor-rollup-store.ts; a memory fake in tests). */
export interface RollupStore {
  /** History for the live windows (last 60 minutes, last 24 hours) and the persisted traffic figures. */
  load(now: number): Promise<{ history: RollupHistory; persisted: PersistedTraffic }>;
  /** Adds increments to one table; at most `ROLLUP_WRITE_CHUNK` rows per call. */
  write<T extends RollupTableName>(table: T, rows: RollupRows[T]): Promise<void>;
  /** Deletes minute rows before `minutesBefore` and hour rows (hour, category, job) before `hoursBefore`. */
  prune(cutoffs: { minutesBefore: number; hoursBefore: number }): Promise<void>;
}

export type MonitorListener = (snapshot: TMonitorSnapshot) => void;

export interface MonitorOptions {
  store: RollupStore;
  now: () => number;
  /** How often counted increments are written to the database (≤ 10 s). */
  flushIntervalMs: number;
  /** How often subscribers get a snapshot (≤ 1 s). */
  pushIntervalMs: number;
  /** Minute rows older than this are deleted (48 h); hour, category and job rows after `hourRetentionMs` (90 days). */
  minuteRetentionMs: number;
  hourRetentionMs: number;
  /** Pruning runs at most this often, after a flush (1 h). */
  pruneIntervalMs: number;
  logError: (message: string, err: unknown) => void;
}

export interface Monitor {
  readonly mta: MtaHandle;
  /** Resolves when persisted history (totals, windows) is loaded; rejects are logged, not thrown. */
  readonly ready: Promise<void>;
  snapshot(): TMonitorSnapshot;
  /** PowerMTA's traffic figures: all time, since start, last hour / minute, top hour / minute. */
  traffic(): TTraffic;
  /** Sends a snapshot now and then every `pushIntervalMs` until the returned function is called. */
  subscribe(listener: MonitorListener): () => void;
  /** Writes pending increments now. */
  flush(): Promise<void>;
  /** Resolves when the background pruning under way (if any) is done. */
  pruned(): Promise<void>;
  /** Unsubscribes from the engine, stops timers and writes what is pending. Idempotent. */
  stop(): Promise<void>;
}

/** Rows per write: the SQLite driver holds the thread for a whole call, so the monitor yields between chunks. */
export const ROLLUP_WRITE_CHUNK = 500;
const TABLES: readonly RollupTableName[] = ["minutes", "hours", "categories", "jobs"];

const DEFAULTS: Omit<MonitorOptions, "store"> = {
  now: () => Date.now(),
  flushIntervalMs: 5_000,
  pushIntervalMs: 1_000,
  minuteRetentionMs: 48 * HOUR_MS,
  hourRetentionMs: 90 * 24 * HOUR_MS,
  pruneIntervalMs: HOUR_MS,
  logError: (message, err) => console.error(`hermod: ${message}`, err),
};

export function createMonitor(mta: MtaHandle, overrides: Partial<MonitorOptions> = {}): Monitor {
  const opts: MonitorOptions = { ...DEFAULTS, store: overrides.store ?? createRollupStore(), ...overrides };
  const rollups = new MonitorRollups();
  const listeners = new Set<MonitorListener>();
  let persisted: PersistedTraffic = { totals: zeroRollup(), topMinute: zeroRollup(), topHour: zeroRollup() };
  let pushTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let pruning: Promise<void> | undefined;
  let lastPruneAt = Number.NEGATIVE_INFINITY;
  let stopped: Promise<void> | undefined;

  // Listeners run on the engine's thread: count and return.
  const unsubscribers = [
    mta.events.on("received", (e: ReceivedEvent) => rollups.countReceived(e)),
    mta.events.on("record", (r: AcctRecord) => rollups.countRecord(r)),
  ];

  // History is read before the first flush, so nothing counted here is in it twice.
  const ready = (async () => {
    const loaded = await opts.store.load(opts.now());
    persisted = loaded.persisted;
    rollups.loadHistory(loaded.history);
  })()
    .catch((err: unknown) => opts.logError("monitor could not load history", err))
    .finally(() => {
      if (stopped) return;
      flushTimer = setInterval(() => void flush(), opts.flushIntervalMs);
      flushTimer.unref();
    });

  async function writeAll(deltas: RollupDeltas): Promise<void> {
    for (const [t, table] of TABLES.entries()) {
      const rows = deltas[table];
      for (let i = 0; i < rows.length; i += ROLLUP_WRITE_CHUNK) {
        await setImmediate();
        try {
          await opts.store.write(table, rows.slice(i, i + ROLLUP_WRITE_CHUNK) as never);
        } catch (err) {
          const rest: Partial<RollupDeltas> = { [table]: rows.slice(i) };
          for (const later of TABLES.slice(t + 1)) Object.assign(rest, { [later]: deltas[later] });
          rollups.restore(rest);
          opts.logError("monitor could not persist rollups (will retry)", err);
          return;
        }
      }
    }
  }

  function prune(): void {
    const now = opts.now();
    if (pruning || now - lastPruneAt < opts.pruneIntervalMs) return;
    lastPruneAt = now;
    pruning = opts.store
      .prune({ minutesBefore: now - opts.minuteRetentionMs, hoursBefore: now - opts.hourRetentionMs })
      .catch((err: unknown) => opts.logError("monitor could not prune old rollups", err))
      .finally(() => {
        pruning = undefined;
      });
  }

  function flush(): Promise<void> {
    flushing ??= writeAll(rollups.drain()).finally(() => {
      flushing = undefined;
      if (!stopped) prune();
    });
    return flushing;
  }

  function snapshot(): TMonitorSnapshot {
    const at = opts.now();
    let engine = null;
    try {
      engine = mta.snapshot();
    } catch (err) {
      opts.logError("engine snapshot failed", err);
    }
    return buildSnapshot(at, engine, rollups, persisted.totals);
  }

  function push(): void {
    if (listeners.size === 0) return;
    // One snapshot per push, shared by every subscriber.
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
    traffic: () => buildTraffic(rollups, persisted, opts.now()),
    pruned: () => pruning ?? Promise.resolve(),
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
        await pruning;
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

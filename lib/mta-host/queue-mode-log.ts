/**
 * Persists the engine's queue-mode changes (normal ↔ backoff, and why) as QueueModeChange rows, for
 * the queue detail page's backoff history. The listener runs on the engine's event path, so it only
 * appends to an array; a timer writes what was collected every few seconds in one batch. A burst
 * larger than `maxPending` (a storm of backoffs over thousands of queues while the database is down)
 * drops the oldest pending changes and counts them, rather than growing without bound. Started once
 * per process by server.ts, registered on globalThis like the monitor. No next/* imports.
 */

import type { MtaHandle, QueueModeEvent } from "@/mta/index";
import { createQueueModeChangeRepository, type QueueModeChangeEntry, type QueueModeChangeRepository } from "../db/queue-mode-change-repository";

export type QueueModeStore = Pick<QueueModeChangeRepository, "insertMany">;

export interface QueueModeLogOptions {
  store: QueueModeStore;
  /** How often collected changes are written (a few seconds). */
  flushIntervalMs: number;
  /** Pending changes kept while writes fail or lag; beyond it the oldest are dropped. */
  maxPending: number;
  logError: (message: string, err: unknown) => void;
}

export interface QueueModeLog {
  readonly mta: MtaHandle;
  /** Changes collected and not yet written. */
  pending(): number;
  /** Changes dropped because `maxPending` was exceeded. */
  dropped(): number;
  /** Writes what is pending now; one write at a time. */
  flush(): Promise<void>;
  /** Unsubscribes, stops the timer and writes what is pending. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULTS: Omit<QueueModeLogOptions, "store"> = {
  flushIntervalMs: 3_000,
  maxPending: 50_000,
  logError: (message, err) => console.error(`hermod: ${message}`, err),
};

export function createQueueModeLog(mta: MtaHandle, overrides: Partial<QueueModeLogOptions> = {}): QueueModeLog {
  const opts: QueueModeLogOptions = { ...DEFAULTS, store: overrides.store ?? createQueueModeChangeRepository(), ...overrides };
  let queue: QueueModeChangeEntry[] = [];
  let droppedCount = 0;
  let flushing: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  const unsubscribe = mta.events.on("queue-mode", (e: QueueModeEvent) => {
    queue.push({ queue: e.queue, mode: e.mode, cause: e.cause, reason: e.reason, at: e.at });
    if (queue.length > opts.maxPending) {
      const excess = queue.length - opts.maxPending;
      queue.splice(0, excess);
      droppedCount += excess;
    }
  });

  const timer = setInterval(() => void flush(), opts.flushIntervalMs);
  timer.unref();

  function flush(): Promise<void> {
    flushing ??= (async () => {
      const batch = queue;
      queue = [];
      if (batch.length === 0) return;
      try {
        await opts.store.insertMany(batch);
      } catch (err) {
        // Keep the batch for the next tick, ahead of what arrived meanwhile.
        queue = batch.concat(queue);
        if (queue.length > opts.maxPending) {
          droppedCount += queue.length - opts.maxPending;
          queue.splice(0, queue.length - opts.maxPending);
        }
        opts.logError("queue-mode log could not write", err);
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const log: QueueModeLog = {
    mta,
    pending: () => queue.length,
    dropped: () => droppedCount,
    flush,
    stop() {
      stopped ??= (async () => {
        unsubscribe();
        clearInterval(timer);
        if (flushing) await flushing;
        await flush();
        if (getQueueModeLog() === log) registerQueueModeLog(undefined);
      })();
      return stopped;
    },
  };
  return log;
}

const KEY = Symbol.for("hermod.queue-mode-log");
type Registry = { [KEY]?: QueueModeLog };

function registerQueueModeLog(log: QueueModeLog | undefined): void {
  (globalThis as Registry)[KEY] = log;
}

export function getQueueModeLog(): QueueModeLog | null {
  return (globalThis as Registry)[KEY] ?? null;
}

/** server.ts: start once per process for the running engine; again for the same engine returns it. */
export function startQueueModeLog(mta: MtaHandle, overrides: Partial<QueueModeLogOptions> = {}): QueueModeLog {
  const existing = getQueueModeLog();
  if (existing && existing.mta === mta) return existing;
  if (existing) void existing.stop();
  const log = createQueueModeLog(mta, overrides);
  registerQueueModeLog(log);
  return log;
}

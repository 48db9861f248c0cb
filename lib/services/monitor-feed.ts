import "server-only";

/**
 * Monitor data for the console. With server.ts running, everything comes from the in-memory monitor.
 * Without it (plain `next dev`, or an engine that failed to start) the console still shows persisted
 * history, read from the rollups (never from raw records), and says the engine is not running.
 */

import { createRollupStore } from "../db/monitor-rollup-store";
import { MonitorRollups } from "../mta-host/monitor-rollups";
import { buildSnapshot } from "../mta-host/monitor-snapshot";
import { getMonitor, type MonitorListener } from "../mta-host/monitor";
import type { TMonitorSnapshot } from "../schemas/monitor";

/** Without a live monitor, subscribers get a fresh snapshot this often. */
export const OFFLINE_REFRESH_MS = 5_000;

async function offlineSnapshot(): Promise<TMonitorSnapshot> {
  const at = Date.now();
  const { history, persisted } = await createRollupStore().load(at);
  const rollups = new MonitorRollups();
  rollups.loadHistory(history);
  return buildSnapshot(at, null, rollups, persisted.totals);
}

export function getMonitorSnapshot(): Promise<TMonitorSnapshot> {
  const monitor = getMonitor();
  return monitor ? Promise.resolve(monitor.snapshot()) : offlineSnapshot();
}

/** Live snapshots for one subscriber (an SSE stream); returns the unsubscribe function. */
export function subscribeMonitor(listener: MonitorListener, onError: (err: unknown) => void): () => void {
  const monitor = getMonitor();
  if (monitor) return monitor.subscribe(listener);
  let active = true;
  const tick = () => {
    offlineSnapshot().then((s) => active && listener(s), onError);
  };
  tick();
  const timer = setInterval(tick, OFFLINE_REFRESH_MS);
  return () => {
    active = false;
    clearInterval(timer);
  };
}

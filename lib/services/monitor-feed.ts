import "server-only";

/**
 * Monitor data for the console. With server.ts running, everything comes from the in-memory monitor.
 * Without it (plain `next dev`, or an engine that failed to start) the console still shows persisted
 * history, read from the per-minute rollups (never from raw records), and says the engine is not running.
 */

import { createMetricBucketRepository } from "../db/metric-bucket-repository";
import { getMta } from "../mta-host/handle";
import { MinuteBuckets } from "../mta-host/minute-buckets";
import { getMonitor, type MonitorListener } from "../mta-host/monitor";
import type { TMonitorSnapshot } from "../schemas/monitor";

const WINDOW_MINUTES = 60;
/** Without a live monitor, subscribers get a fresh snapshot this often. */
export const OFFLINE_REFRESH_MS = 5_000;

async function offlineSnapshot(): Promise<TMonitorSnapshot> {
  const at = Date.now();
  const repo = createMetricBucketRepository();
  const [totals, history] = await Promise.all([repo.totals(), repo.since(at - WINDOW_MINUTES * 60_000)]);
  const buckets = new MinuteBuckets(WINDOW_MINUTES);
  buckets.mergeHistory(history);
  const mta = getMta();
  const queues = mta
    ? mta.snapshot().queues.map(({ bytes: _bytes, nextAttemptAt: _next, ...q }) => q)
    : [];
  return { at, engine: { state: "not-running" }, totals, queues, throughput: buckets.series(at) };
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

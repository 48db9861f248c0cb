"use client";

import { useEffect, useLayoutEffect, useState } from "react";
import type { Transport } from "@/components/monitor/live-badge";
import type { TMonitorSnapshot } from "@/lib/schemas/monitor";
import { takeMonitorStream } from "./early-stream";

const SNAPSHOT_URL = "/api/monitor/snapshot";
/** While the stream is down, poll this often; EventSource keeps retrying the stream meanwhile. */
export const POLL_INTERVAL_MS = 5_000;

export interface MonitorFeed {
  snapshot: TMonitorSnapshot;
  /** Browser time the snapshot arrived. */
  receivedAt: number;
  transport: Transport;
}

/**
 * Live snapshots over SSE, falling back to polling the snapshot route while the stream is down. The
 * stream is usually already open when the page hydrates (early-stream.ts); a layout effect adopts it,
 * so the first painted frame after hydration already says whether it is live.
 */
export function useMonitorFeed(initial: TMonitorSnapshot): MonitorFeed {
  const [feed, setFeed] = useState<MonitorFeed>({ snapshot: initial, receivedAt: initial.at, transport: "connecting" });

  useLayoutEffect(() => {
    let disposed = false;
    let pollTimer: number | undefined;
    const accept = (snapshot: TMonitorSnapshot, transport: Transport) => {
      if (!disposed) setFeed({ snapshot, receivedAt: Date.now(), transport });
    };
    // The server-rendered snapshot is fresh now: measure its age from the browser's clock.
    setFeed((f) => ({ ...f, receivedAt: Date.now() }));

    const poll = async () => {
      try {
        const res = await fetch(SNAPSHOT_URL, { cache: "no-store" });
        if (res.status === 401) window.location.assign("/login");
        else if (res.ok) accept((await res.json()) as TMonitorSnapshot, "polling");
      } catch {
        // network down: the freshness label shows how old the numbers are
      }
    };
    const startPolling = () => {
      if (pollTimer !== undefined) return;
      setFeed((f) => ({ ...f, transport: "polling" }));
      void poll();
      pollTimer = window.setInterval(() => void poll(), POLL_INTERVAL_MS);
    };
    const stopPolling = () => {
      window.clearInterval(pollTimer);
      pollTimer = undefined;
    };

    const adopted = takeMonitorStream();
    const source = adopted.source;
    source.onopen = () => {
      stopPolling();
      setFeed((f) => ({ ...f, transport: "live" }));
    };
    source.onmessage = (event: MessageEvent<string>) => {
      stopPolling();
      accept(JSON.parse(event.data) as TMonitorSnapshot, "live");
    };
    source.onerror = () => startPolling();
    // What the stream said before this component mounted.
    if (adopted.lastData !== undefined) accept(JSON.parse(adopted.lastData) as TMonitorSnapshot, "live");
    else if (adopted.opened) setFeed((f) => ({ ...f, transport: "live" }));
    if (adopted.failed || source.readyState === EventSource.CLOSED) startPolling();

    return () => {
      disposed = true;
      source.close();
      stopPolling();
    };
  }, []);

  return feed;
}

/** One clock for the whole dashboard: every relative time on screen ticks together. */
export function useNow(intervalMs: number, initial: number): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Turns true once `ready` is and the browser has had an idle moment after it (at most `maxWaitMs`
 * later), and stays true: for the page's heavy, non-essential parts (the Recharts charts and the
 * hourly query), so they load after the live numbers and the controls work, not in their way.
 */
export function useAfterIdle(ready: boolean, maxWaitMs = 1_000): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!ready || done) return;
    if (typeof window.requestIdleCallback !== "function") {
      const timer = window.setTimeout(() => setDone(true), 50);
      return () => window.clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(() => setDone(true), { timeout: maxWaitMs });
    return () => window.cancelIdleCallback(handle);
  }, [ready, done, maxWaitMs]);
  return done;
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** How often the queue pages re-render from the server (no full reload: router.refresh()). */
export const LIVE_REFRESH_MS = 2_000;

/**
 * Re-renders the server page every LIVE_REFRESH_MS while the tab is visible, keeping client state
 * (form inputs, messages). Returns the browser time the page last got data, for "updated N s ago".
 */
export function useLiveRefresh(dataAt: number | null): { receivedAt: number; now: number } {
  const router = useRouter();
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setReceivedAt(Date.now()), [dataAt]);
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (document.visibilityState === "visible") router.refresh();
    }, LIVE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [router]);
  return { receivedAt, now };
}

/**
 * Counts events per key (a client IP, a user) against a rate such as `5/10m`, with bounded memory.
 * Each key keeps two fixed windows of the rate's interval; the estimate over the last interval is the
 * current window's count plus the previous window's, weighted by how much of it still overlaps (the
 * "sliding window counter"). O(1) per key, whatever the rate's count; the oldest keys are forgotten
 * first once `maxKeys` are tracked, so a flood of addresses cannot grow the map without bound.
 */

import type { Rate } from "../config/types";

interface Window {
  /** Start of the current window (epoch ms). */
  start: number;
  current: number;
  previous: number;
}

export const DEFAULT_MAX_KEYS = 10_000;

export class RateWindows {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly maxKeys = DEFAULT_MAX_KEYS) {}

  get size(): number {
    return this.windows.size;
  }

  /** Events counted for `key` over the last interval of `rate`, as of `now`. */
  count(key: string, rate: Rate, now: number): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    this.roll(w, rate, now);
    const overlap = 1 - (now - w.start) / rate.perMs;
    return w.current + w.previous * Math.max(0, overlap);
  }

  /** True when one more event would go over `rate` (null: never). */
  full(key: string, rate: Rate | null, now: number): boolean {
    return rate !== null && this.count(key, rate, now) >= rate.count;
  }

  /** Counts one event for `key`. */
  add(key: string, rate: Rate, now: number): void {
    let w = this.windows.get(key);
    if (w) {
      this.windows.delete(key); // re-inserted below: the map's order is least recently used first
      this.roll(w, rate, now);
    } else {
      w = { start: now, current: 0, previous: 0 };
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.current++;
    this.windows.set(key, w);
  }

  private roll(w: Window, rate: Rate, now: number): void {
    const elapsed = Math.floor((now - w.start) / rate.perMs);
    if (elapsed <= 0) return;
    w.previous = elapsed === 1 ? w.current : 0;
    w.current = 0;
    w.start += elapsed * rate.perMs;
  }
}

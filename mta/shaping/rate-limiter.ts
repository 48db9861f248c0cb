/**
 * A rate limit with no bursts (GCRA with zero tolerance): units are spaced at least `perMs / count`
 * apart, so the configured rate holds over any window, however short, instead of allowing a burst of
 * a whole interval's worth after a quiet period. A transaction of k recipients takes k units at once;
 * the next one then waits k spacings. The clock is passed in, so the limiter is pure bookkeeping.
 */

import type { Rate } from "../config/types";

export class RateLimiter {
  /** The earliest time the next unit may go (the GCRA's theoretical arrival time). */
  private tat = 0;
  private spacing: number;

  constructor(rate: Rate | null) {
    this.spacing = spacingOf(rate);
  }

  get unlimited(): boolean {
    return this.spacing === 0;
  }

  /** Changes the rate (a reload, a move into or out of backoff) without forgetting what was sent. */
  setRate(rate: Rate | null): void {
    // What was already booked stays booked; the new spacing applies from the next unit on.
    this.spacing = spacingOf(rate);
  }

  /** Epoch ms from which units may be taken; `now` when they may go at once. */
  availableAt(now: number): number {
    // Whole milliseconds, rounded up: booking from there keeps the spacing's floating-point error
    // from ever letting a unit in a fraction of a millisecond early (count + 1 in a window).
    return this.spacing === 0 ? now : Math.max(now, Math.ceil(this.tat));
  }

  /** Books `cost` units at `now`; call only when `availableAt(now) <= now`. */
  take(now: number, cost = 1): void {
    if (this.spacing === 0) return;
    this.tat = Math.max(now, this.tat) + cost * this.spacing;
  }
}

function spacingOf(rate: Rate | null): number {
  if (!rate || rate.count <= 0) return 0;
  return rate.perMs / rate.count;
}

/**
 * Per-minute counters per recipient domain: the in-memory window behind the live chart, the deltas
 * not yet persisted, and the running totals since start. Pure bookkeeping with no timers or I/O, so
 * the monitor stays small and this stays unit-testable.
 */

import type { TCounts, TThroughputPoint } from "../schemas/monitor";

export const MINUTE_MS = 60_000;
/** The domain key for counts that belong to no single recipient domain (received messages). */
export const ALL_DOMAINS = "*";

export type CountField = keyof TCounts;

export interface BucketDelta extends TCounts {
  bucketStart: number;
  domain: string;
}

export function zeroCounts(): TCounts {
  return { received: 0, delivered: 0, deferred: 0, bounced: 0 };
}

export function addCounts(into: TCounts, from: TCounts): TCounts {
  into.received += from.received;
  into.delivered += from.delivered;
  into.deferred += from.deferred;
  into.bounced += from.bounced;
  return into;
}

export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/** "User@Example.COM" → "example.com"; an address without a domain counts under "(none)". */
export function recipientDomain(rcpt: string): string {
  const at = rcpt.lastIndexOf("@");
  const domain = at >= 0 ? rcpt.slice(at + 1).trim().toLowerCase() : "";
  return domain.replace(/>$/, "") || "(none)";
}

export class MinuteBuckets {
  private readonly window = new Map<number, Map<string, TCounts>>();
  private pending = new Map<string, BucketDelta>();
  private newestMinute = Number.NEGATIVE_INFINITY;
  /** Everything counted by `add` since this object was created. */
  readonly live: TCounts = zeroCounts();

  constructor(private readonly windowMinutes: number) {}

  add(at: number, domain: string, field: CountField, n = 1): void {
    const minute = minuteOf(at);
    // Prune when a new minute starts, so the window stays bounded even when nobody reads it.
    if (minute > this.newestMinute) {
      this.newestMinute = minute;
      this.prune(at);
    }
    this.cell(minute, domain)[field] += n;
    const key = `${minute}|${domain}`;
    let delta = this.pending.get(key);
    if (!delta) {
      delta = { bucketStart: minute, domain, ...zeroCounts() };
      this.pending.set(key, delta);
    }
    delta[field] += n;
    this.live[field] += n;
  }

  /** Adds persisted history to the window only (it is neither pending nor live). */
  mergeHistory(rows: readonly BucketDelta[]): void {
    for (const row of rows) addCounts(this.cell(row.bucketStart, row.domain), row);
  }

  /** Takes the deltas to persist; give them back with `restore` if writing fails. */
  drainPending(): BucketDelta[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  restore(deltas: readonly BucketDelta[]): void {
    for (const d of deltas) {
      const key = `${d.bucketStart}|${d.domain}`;
      const existing = this.pending.get(key);
      if (existing) addCounts(existing, d);
      else this.pending.set(key, { ...d });
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** The last `windowMinutes` minutes up to and including the minute of `now`, summed over domains. */
  series(now: number): TThroughputPoint[] {
    this.prune(now);
    const last = minuteOf(now);
    const points: TThroughputPoint[] = [];
    for (let i = this.windowMinutes - 1; i >= 0; i--) {
      const minute = last - i * MINUTE_MS;
      const point: TThroughputPoint = { minute, ...zeroCounts() };
      for (const counts of this.window.get(minute)?.values() ?? []) addCounts(point, counts);
      points.push(point);
    }
    return points;
  }

  /** Per-domain counts of the window (for tests and future per-domain views). */
  domainsAt(minute: number): ReadonlyMap<string, TCounts> {
    return this.window.get(minute) ?? new Map();
  }

  private prune(now: number): void {
    const oldest = minuteOf(now) - (this.windowMinutes - 1) * MINUTE_MS;
    for (const minute of this.window.keys()) if (minute < oldest) this.window.delete(minute);
  }

  private cell(minute: number, domain: string): TCounts {
    let byDomain = this.window.get(minute);
    if (!byDomain) {
      byDomain = new Map();
      this.window.set(minute, byDomain);
    }
    let counts = byDomain.get(domain);
    if (!counts) {
      counts = zeroCounts();
      byDomain.set(domain, counts);
    }
    return counts;
  }
}

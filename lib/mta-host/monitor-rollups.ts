/**
 * Everything the monitor counts, in memory: what is still to be written to the four rollup tables
 * (minute and hour per domain, hour per domain and bounce category, hour per job), and the sliding
 * windows the live feed and traffic() read (last 60 s, last 60 minutes, last 24 hours). Pure
 * bookkeeping without timers or I/O; the listeners on the engine's events only call `count*`.
 */

import type { AcctRecord, ReceivedEvent } from "@/mta/index";
import type { TFailureBreakdown, TFailureRow, TThroughputPoint } from "../schemas/monitor";
import { ALL_DOMAINS, HOUR_MS, MINUTE_MS, SECOND_MS, UNCATEGORIZED, hourOf, minuteOf, recipientDomain } from "./minute-buckets";
import { PendingDeltas, type PendingDelta } from "./pending-deltas";
import { addInto, topK, zeroFail, zeroJob, zeroRollup, type FailCounts, type JobCounts, type RollupCounts } from "./rollup-counts";
import { SlidingWindow } from "./sliding-window";

export const KB = 1024;
/** Rows per failure table in the feed. */
export const TOP_FAILURES = 20;
const TOTAL = "";
const KEY_SEPARATOR = "\u0000";

/** Rows drained for writing, one list per rollup table. */
export interface RollupDeltas {
  minutes: PendingDelta<RollupCounts>[];
  hours: PendingDelta<RollupCounts>[];
  /** `key` is `domain` + "\u0000" + `category`. */
  categories: PendingDelta<FailCounts>[];
  /** `key` is the job id. */
  jobs: PendingDelta<JobCounts>[];
}

/** Persisted rows loaded at start, to fill the windows (never counted as pending or live). */
export interface RollupHistory {
  minutes: { bucketStart: number; domain: string; counts: RollupCounts }[];
  hours: { bucketStart: number; domain: string; counts: RollupCounts }[];
  categories: { bucketStart: number; domain: string; category: string; counts: FailCounts }[];
  jobs: { bucketStart: number; jobId: string; counts: JobCounts }[];
}

export const categoryKey = (domain: string, category: string) => `${domain}${KEY_SEPARATOR}${category}`;
export const splitCategoryKey = (key: string): [string, string] => {
  const i = key.indexOf(KEY_SEPARATOR);
  return [key.slice(0, i), key.slice(i + 1)];
};

function recordDelta(r: AcctRecord): Partial<RollupCounts> {
  if (r.type === "d") return { delivered: 1, deliveredKb: (r.dlvSize ?? 0) / KB };
  return r.type === "t" ? { deferred: 1 } : { bounced: 1 };
}

function failureRows(sums: ReadonlyMap<string, FailCounts>, limit: number): TFailureRow[] {
  return topK(sums.entries(), limit, ([, c]) => c.deferred + c.bounced, ([k]) => k).map(([key, c]) => ({ key, deferred: c.deferred, bounced: c.bounced }));
}

export class MonitorRollups {
  /** Everything counted since this object was created (this process). */
  readonly live: RollupCounts = zeroRollup();
  private readonly pending = {
    minutes: new PendingDeltas(zeroRollup),
    hours: new PendingDeltas(zeroRollup),
    categories: new PendingDeltas(zeroFail),
    jobs: new PendingDeltas(zeroJob),
  };
  /** Totals (one key) per second, minute and hour. */
  readonly seconds = new SlidingWindow<RollupCounts>(SECOND_MS, 60, zeroRollup);
  readonly minutes = new SlidingWindow<RollupCounts>(MINUTE_MS, 60, zeroRollup);
  readonly hours = new SlidingWindow<RollupCounts>(HOUR_MS, 24, zeroRollup);
  /** Failures per domain and per category, last 60 minutes and last 24 hours. */
  private readonly domainFail1h = new SlidingWindow<FailCounts>(MINUTE_MS, 60, zeroFail);
  private readonly domainFail24h = new SlidingWindow<FailCounts>(HOUR_MS, 24, zeroFail);
  private readonly categoryFail1h = new SlidingWindow<FailCounts>(MINUTE_MS, 60, zeroFail);
  private readonly categoryFail24h = new SlidingWindow<FailCounts>(HOUR_MS, 24, zeroFail);
  /** Outcomes per job, last 24 hours. */
  private readonly jobs24h = new SlidingWindow<JobCounts>(HOUR_MS, 24, zeroJob);

  countReceived(e: ReceivedEvent): void {
    const delta: Partial<RollupCounts> = { received: 1, receivedRcpt: e.recipients, receivedKb: e.size / KB };
    this.countTotals(e.at, ALL_DOMAINS, delta);
  }

  countRecord(r: AcctRecord): void {
    const at = r.timeLogged;
    const domain = recipientDomain(r.rcpt);
    const delta = recordDelta(r);
    this.countTotals(at, domain, delta);
    const hour = hourOf(at);
    const job = { delivered: delta.delivered ?? 0, deferred: delta.deferred ?? 0, bounced: delta.bounced ?? 0 };
    this.pending.jobs.add(hour, r.jobId ?? "", job);
    this.jobs24h.add(at, r.jobId ?? "", job);
    if (r.type === "d") return;
    const fail = { deferred: job.deferred, bounced: job.bounced };
    const category = r.bounceCat || UNCATEGORIZED;
    this.pending.categories.add(hour, categoryKey(domain, category), fail);
    this.domainFail1h.add(at, domain, fail);
    this.domainFail24h.add(at, domain, fail);
    this.categoryFail1h.add(at, category, fail);
    this.categoryFail24h.add(at, category, fail);
  }

  private countTotals(at: number, domain: string, delta: Partial<RollupCounts>): void {
    this.pending.minutes.add(minuteOf(at), domain, delta);
    this.pending.hours.add(hourOf(at), domain, delta);
    this.seconds.add(at, TOTAL, delta);
    this.minutes.add(at, TOTAL, delta);
    this.hours.add(at, TOTAL, delta);
    addInto(this.live, delta);
  }

  loadHistory(h: RollupHistory): void {
    for (const m of h.minutes) {
      this.minutes.add(m.bucketStart, TOTAL, m.counts);
      if (m.domain !== ALL_DOMAINS) this.domainFail1h.add(m.bucketStart, m.domain, { deferred: m.counts.deferred, bounced: m.counts.bounced });
    }
    for (const row of h.hours) {
      this.hours.add(row.bucketStart, TOTAL, row.counts);
      if (row.domain !== ALL_DOMAINS) this.domainFail24h.add(row.bucketStart, row.domain, { deferred: row.counts.deferred, bounced: row.counts.bounced });
    }
    // Categories are rolled up per hour only: after a restart, "last hour" per category starts from the
    // current clock hour's row (the window drops older hours itself).
    for (const c of h.categories) {
      this.categoryFail24h.add(c.bucketStart, c.category, c.counts);
      this.categoryFail1h.add(c.bucketStart, c.category, c.counts);
    }
    for (const j of h.jobs) this.jobs24h.add(j.bucketStart, j.jobId, j.counts);
  }

  drain(): RollupDeltas {
    return { minutes: this.pending.minutes.drain(), hours: this.pending.hours.drain(), categories: this.pending.categories.drain(), jobs: this.pending.jobs.drain() };
  }

  /** Gives back deltas a write failed to store, so the next flush retries them. */
  restore(d: Partial<RollupDeltas>): void {
    if (d.minutes) this.pending.minutes.restore(d.minutes);
    if (d.hours) this.pending.hours.restore(d.hours);
    if (d.categories) this.pending.categories.restore(d.categories);
    if (d.jobs) this.pending.jobs.restore(d.jobs);
  }

  get pendingCount(): number {
    return this.pending.minutes.size + this.pending.hours.size + this.pending.categories.size + this.pending.jobs.size;
  }

  /** Sum of a totals window ending at `now` (last 60 s, last 60 minutes, last 24 hours). */
  windowTotal(window: SlidingWindow<RollupCounts>, now: number): RollupCounts {
    window.advance(now);
    return { ...(window.sums.get(TOTAL) ?? zeroRollup()) };
  }

  /** Field-wise maximum of the window's buckets ending at `now`. */
  windowPeak(window: SlidingWindow<RollupCounts>, now: number): RollupCounts {
    const peak = zeroRollup();
    for (const start of window.starts(now)) {
      const c = window.at(start, TOTAL);
      for (const k of Object.keys(peak) as (keyof RollupCounts)[]) if (c[k] > peak[k]) peak[k] = c[k];
    }
    return peak;
  }

  /** Per minute, the last 60 minutes ending with the minute of `now`. */
  throughput(now: number): TThroughputPoint[] {
    return this.minutes.starts(now).map((minute) => {
      const c = this.minutes.at(minute, TOTAL);
      return { minute, received: c.received, delivered: c.delivered, deferred: c.deferred, bounced: c.bounced };
    });
  }

  failures(now: number): { lastHour: TFailureBreakdown; last24h: TFailureBreakdown } {
    for (const w of [this.domainFail1h, this.domainFail24h, this.categoryFail1h, this.categoryFail24h]) w.advance(now);
    return {
      lastHour: { domains: failureRows(this.domainFail1h.sums, TOP_FAILURES), categories: failureRows(this.categoryFail1h.sums, Number.MAX_SAFE_INTEGER) },
      last24h: { domains: failureRows(this.domainFail24h.sums, TOP_FAILURES), categories: failureRows(this.categoryFail24h.sums, Number.MAX_SAFE_INTEGER) },
    };
  }

  /** Outcomes of one job over the last 24 hours. */
  job24h(jobId: string, now: number): JobCounts {
    this.jobs24h.advance(now);
    return { ...(this.jobs24h.sums.get(jobId) ?? zeroJob()) };
  }
}

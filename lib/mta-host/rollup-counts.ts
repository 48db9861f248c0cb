/**
 * The counters the monitor rolls up, and small helpers over them. Plain records of numbers, so the
 * sliding windows and pending deltas can be generic over them.
 */

/** One (period, domain) of MetricBucket / HourBucket. `received*` live under the ALL_DOMAINS key. */
export type RollupCounts = {
  /** Messages received. */
  received: number;
  /** Recipients of the messages received. */
  receivedRcpt: number;
  receivedKb: number;
  /** Recipients delivered (d records). */
  delivered: number;
  deliveredKb: number;
  /** t records (4xx, retried). */
  deferred: number;
  /** b records (5xx). */
  bounced: number;
};

/** One (hour, domain, bounce category) of CategoryBucket. */
export type FailCounts = {
  deferred: number;
  bounced: number;
};

/** One (hour, job) of JobBucket. */
export type JobCounts = {
  delivered: number;
  deferred: number;
  bounced: number;
};

export type Counts = Record<string, number>;

export const zeroRollup = (): RollupCounts => ({ received: 0, receivedRcpt: 0, receivedKb: 0, delivered: 0, deliveredKb: 0, deferred: 0, bounced: 0 });
export const zeroFail = (): FailCounts => ({ deferred: 0, bounced: 0 });
export const zeroJob = (): JobCounts => ({ delivered: 0, deferred: 0, bounced: 0 });

/** Adds every field of `delta` to `into` (fields `into` lacks are ignored). */
export function addInto<C extends Counts>(into: C, delta: Partial<C>): C {
  for (const key in delta) {
    const v = delta[key];
    if (v !== undefined && key in into) (into as Counts)[key] += v as number;
  }
  return into;
}

/** Subtracts `delta` from `into`; true when every field is back to (about) zero. */
export function subtractInto<C extends Counts>(into: C, delta: C): boolean {
  let empty = true;
  for (const key in delta) {
    const next = (into as Counts)[key] - (delta as Counts)[key];
    // KB are fractional: snap float residue to zero so an emptied key really empties.
    (into as Counts)[key] = Math.abs(next) < 1e-6 ? 0 : next;
    if ((into as Counts)[key] !== 0) empty = false;
  }
  return empty;
}

/** Field-wise maximum of `into` and `other`. */
export function maxInto<C extends Counts>(into: C, other: C): C {
  for (const key in other) if ((other as Counts)[key] > (into as Counts)[key]) (into as Counts)[key] = (other as Counts)[key];
  return into;
}

/** The `k` items with the highest positive score, highest first (ties by key), without sorting everything. */
export function topK<T>(items: Iterable<T>, k: number, score: (item: T) => number, key: (item: T) => string): T[] {
  const top: { item: T; s: number; k: string }[] = [];
  for (const item of items) {
    const s = score(item);
    if (s <= 0) continue;
    if (top.length === k && s < top[k - 1].s) continue;
    const entry = { item, s, k: key(item) };
    let i = top.length;
    while (i > 0 && (top[i - 1].s < s || (top[i - 1].s === s && top[i - 1].k > entry.k))) i--;
    top.splice(i, 0, entry);
    if (top.length > k) top.pop();
  }
  return top.map((t) => t.item);
}

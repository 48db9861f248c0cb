/**
 * Counters per (bucket, key) over the last `size` buckets, with a running sum per key kept up to date
 * as counts arrive and as buckets fall out of the window. Reading "the last hour per domain" is then a
 * map lookup, not a scan of every bucket on every push.
 */

import { addInto, subtractInto, type Counts } from "./rollup-counts";

export class SlidingWindow<C extends Counts> {
  private readonly cells = new Map<number, Map<string, C>>();
  /** Per key, the sum over the buckets in the window. */
  readonly sums = new Map<string, C>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    readonly bucketMs: number,
    readonly size: number,
    private readonly zero: () => C,
  ) {}

  bucketOf(at: number): number {
    return Math.floor(at / this.bucketMs) * this.bucketMs;
  }

  /** Counts `delta` under `key` in the bucket of `at`; ignored when that bucket already left the window. */
  add(at: number, key: string, delta: Partial<C>): void {
    this.advance(at);
    const bucket = this.bucketOf(at);
    if (bucket < this.oldest(this.newest)) return;
    let byKey = this.cells.get(bucket);
    if (!byKey) {
      byKey = new Map();
      this.cells.set(bucket, byKey);
    }
    addInto(getOr(byKey, key, this.zero), delta);
    addInto(getOr(this.sums, key, this.zero), delta);
  }

  /** Moves the window's end to `now`, dropping buckets that fell out of it from the sums. */
  advance(now: number): void {
    const bucket = this.bucketOf(now);
    if (bucket <= this.newest) return;
    this.newest = bucket;
    const oldest = this.oldest(bucket);
    for (const [start, byKey] of this.cells) {
      if (start >= oldest) continue;
      for (const [key, counts] of byKey) {
        const sum = this.sums.get(key);
        if (sum && subtractInto(sum, counts)) this.sums.delete(key);
      }
      this.cells.delete(start);
    }
  }

  /** The counts under `key` in the bucket starting at `start` (zero when none). */
  at(start: number, key: string): C {
    return this.cells.get(start)?.get(key) ?? this.zero();
  }

  /** Bucket starts of the window ending at `now`, oldest first. */
  starts(now: number): number[] {
    this.advance(now);
    const last = this.bucketOf(now);
    return Array.from({ length: this.size }, (_, i) => last - (this.size - 1 - i) * this.bucketMs);
  }

  private oldest(newestBucket: number): number {
    return newestBucket - (this.size - 1) * this.bucketMs;
  }
}

export function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

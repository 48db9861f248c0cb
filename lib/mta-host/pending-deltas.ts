/**
 * Increments counted in memory and not yet written to their rollup table, one entry per (bucket, key).
 * The monitor drains them every few seconds and gives them back when the write fails.
 */

import { addInto, type Counts } from "./rollup-counts";

export interface PendingDelta<C extends Counts> {
  bucketStart: number;
  key: string;
  counts: C;
}

export class PendingDeltas<C extends Counts> {
  private pending = new Map<string, PendingDelta<C>>();

  constructor(private readonly zero: () => C) {}

  add(bucketStart: number, key: string, delta: Partial<C>): void {
    const id = `${bucketStart}\u0000${key}`;
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { bucketStart, key, counts: this.zero() };
      this.pending.set(id, entry);
    }
    addInto(entry.counts, delta);
  }

  drain(): PendingDelta<C>[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  restore(deltas: readonly PendingDelta<C>[]): void {
    for (const d of deltas) this.add(d.bucketStart, d.key, d.counts);
  }

  get size(): number {
    return this.pending.size;
  }
}

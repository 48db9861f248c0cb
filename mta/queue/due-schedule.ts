/**
 * Entries waiting for a time (a retry, a hold) on a due-time heap with one timer armed for the
 * earliest: a tick pops only what is due, so nothing is rescanned however many entries wait.
 */

import type { Clock } from "../ports";
import { DueHeap, type Due } from "./due-heap";

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class DueSchedule<T extends Due> {
  private readonly heap = new DueHeap<T>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    /** Called for each entry whose time has come, in due order. */
    private readonly onDue: (item: T) => void,
  ) {}

  get size(): number {
    return this.heap.size;
  }

  push(item: T): void {
    this.heap.push(item);
    this.arm(item.dueAt);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(at - this.clock.now(), MAX_TIMEOUT_MS)));
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    for (const item of this.heap.popDue(this.clock.now())) this.onDue(item);
    const next = this.heap.peek();
    if (next) this.arm(next.dueAt);
  }
}

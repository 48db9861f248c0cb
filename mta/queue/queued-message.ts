/**
 * A spooled message as the queues hold it: the envelope plus which recipients are done. One message
 * may sit in several queues (one per recipient domain); it leaves the spool when its last recipient
 * is done.
 */

import type { Envelope } from "../spool/spool";
import type { ContentBudget } from "./content-cache";

export class QueuedMessage {
  private readonly doneFlags: Uint8Array;
  private pending: number;
  private cached: { content: Buffer; budget: ContentBudget } | null = null;

  constructor(
    readonly envelope: Envelope,
    done: ReadonlySet<number> = new Set(),
  ) {
    this.doneFlags = new Uint8Array(envelope.recipients.length);
    for (const i of done) if (i < this.doneFlags.length) this.doneFlags[i] = 1;
    this.pending = this.doneFlags.length - this.doneFlags.reduce((n, f) => n + f, 0);
  }

  get id(): string {
    return this.envelope.id;
  }

  get pendingCount(): number {
    return this.pending;
  }

  /** The content kept in memory since reception, if any (see content-cache.ts). */
  get content(): Buffer | null {
    return this.cached?.content ?? null;
  }

  /** Keeps `content` in memory when the budget allows. */
  cacheContent(content: Buffer, budget: ContentBudget): void {
    if (!this.cached && budget.take(content.length)) this.cached = { content, budget };
  }

  /** Lets go of the cached content (the message is done, or its first attempt is over). */
  releaseContent(): void {
    if (!this.cached) return;
    this.cached.budget.give(this.cached.content.length);
    this.cached = null;
  }

  isDone(index: number): boolean {
    return this.doneFlags[index] === 1;
  }

  /** Marks recipients done in memory; returns how many were newly done. */
  markDone(indexes: readonly number[]): number {
    let n = 0;
    for (const i of indexes) {
      if (this.doneFlags[i] === 0) {
        this.doneFlags[i] = 1;
        n++;
      }
    }
    this.pending -= n;
    return n;
  }
}

/** `parked`: held aside while its job is paused (queue-actions.ts). */
export type EntryState = "ready" | "scheduled" | "inflight" | "parked" | "done";

/** The recipients of one message that go to one queue, with their retry state. */
export interface QueueEntry {
  readonly msg: QueuedMessage;
  /** Recipient indexes still pending in this queue. */
  rcpts: number[];
  /** Transient failures so far; indexes `retry-after`. */
  failures: number;
  dueAt: number;
  state: EntryState;
  queueKey: string;
  lastError: string | null;
}

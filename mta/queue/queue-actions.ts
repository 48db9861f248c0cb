/**
 * What an operator does to the queues, as PowerMTA's `pmta` commands do (powermta.md §1.9): pause
 * and resume a queue or a job, `schedule` (retry now), set a queue's mode, disable and enable a
 * source address for a queue, and `delete` waiting recipients. The queue manager keeps only the
 * hooks (a paused queue opens and hands out nothing; a paused job's entries are parked on `take`);
 * the decisions are here. Also the settle-everything-waiting helpers that `bounce-queue` and
 * queue-level failures share with `delete`.
 */

import type { DeleteRecipientsFilter } from "../handle";
import type { Clock } from "../ports";
import type { AcctRecord } from "../records/acct-record";
import type { DeliveryQueue } from "./delivery-queue";
import type { QueueHolds } from "./queue-holds";
import { formatQueueKey, parseQueueKey } from "./queue-key";
import type { QueueManager } from "./queue-manager";
import type { QueuePauses } from "./queue-pauses";
import type { RecipientOutcome } from "./queue-ports";
import type { QueueEntry } from "./queued-message";

export interface QueueActionsDeps {
  queues: QueueManager;
  pauses: QueuePauses;
  holds: Pick<QueueHolds, "set">;
  clock: Clock;
  /** The `b` record of recipient `index` of `entry`, deleted by an operator. */
  deletedRecord(entry: QueueEntry, index: number): AcctRecord;
}

type Outcome = (entry: QueueEntry, index: number) => AcctRecord;

export class QueueActions {
  constructor(private readonly deps: QueueActionsDeps) {}

  setQueueMode(queue: string, mode: "normal" | "backoff"): boolean {
    const found = this.find(queue);
    if (!found) return false;
    if (mode === "normal") this.deps.queues.toNormal(found, "set by operator", "operator");
    else this.deps.queues.enterBackoff(found, "set by operator", undefined, "operator");
    return true;
  }

  /** Paused until resumed, across restarts; false when no such queue exists. */
  pauseQueue(queue: string): boolean {
    const found = this.find(queue);
    if (!found) return false;
    this.deps.pauses.setQueue(found.key, true);
    found.paused = true;
    this.deps.queues.operatorChanged(found);
    return true;
  }

  /** False when the queue neither exists nor was paused. */
  resumeQueue(queue: string): boolean {
    const key = keyOf(queue);
    if (!key) return false;
    const was = this.deps.pauses.setQueue(key, false);
    const found = this.find(queue);
    if (found) {
      found.paused = false;
      this.deps.queues.operatorChanged(found);
    }
    return was || found !== undefined;
  }

  /**
   * Recipients of messages with this job id are not delivered, in every queue, until the job
   * resumes (they do not expire meanwhile; they do when resumed). False when no queued mail has it.
   */
  pauseJob(jobId: string): boolean {
    if (!this.entries((e) => e.msg.envelope.jobId === jobId).next().value) return false;
    this.deps.pauses.setJob(jobId, true);
    return true;
  }

  /** Parked recipients of the job go back in line; false when the job was not paused. */
  resumeJob(jobId: string): boolean {
    if (!this.deps.pauses.setJob(jobId, false)) return false;
    for (const queue of [...this.deps.queues.allQueues()]) {
      const parked = [...queue.members].filter((e) => e.state === "parked" && e.msg.envelope.jobId === jobId);
      if (parked.length > 0) this.deps.queues.operatorChanged(queue, parked);
    }
    return true;
  }

  /** `pmta schedule`: the queue leaves retry mode and every entry waiting for a retry is due now. */
  retryNow(queue: string): boolean {
    const found = this.find(queue);
    if (!found) return false;
    found.holdUntil = 0;
    this.deps.holds.set(found.key, { until: 0, retryIndex: found.retryIndex });
    const fresh: QueueEntry[] = [];
    for (const entry of [...found.members]) {
      if (entry.state !== "scheduled") continue;
      // The entry stays in the due-time heap (whose order its dueAt keys): a fresh copy goes in line
      // and the old one, done, is skipped when its time comes.
      found.remove(entry);
      found.recipientsDone(entry.rcpts.length);
      entry.state = "done";
      const copy: QueueEntry = { ...entry, state: "scheduled" };
      found.add(copy);
      fresh.push(copy);
    }
    this.deps.queues.operatorChanged(found, fresh);
    return true;
  }

  /** `pmta disable source`: `ip` opens no new connection for this queue until enabled (or `reenableAfterMs`). */
  disableSource(ip: string, queue: string, reenableAfterMs?: number): boolean {
    const found = this.find(queue);
    if (!found) return false;
    found.disableSource(ip, reenableAfterMs && reenableAfterMs > 0 ? this.deps.clock.now() + reenableAfterMs : Infinity, "disabled by operator");
    return true;
  }

  /** False when the queue does not exist or `ip` was not disabled for it. */
  enableSource(ip: string, queue: string): boolean {
    const found = this.find(queue);
    const state = found?.sourceIps.get(ip);
    if (!found || !state || state.disabledUntil <= this.deps.clock.now()) return false;
    found.enableSource(ip);
    this.deps.queues.operatorChanged(found);
    return true;
  }

  /** `pmta delete`: bounces the matching waiting recipients (not those in flight); returns how many. */
  deleteRecipients(filter: DeleteRecipientsFilter): number {
    const queues = filter.queue === undefined ? [...this.deps.queues.allQueues()] : [this.find(filter.queue)].filter((q) => q !== undefined);
    const sender = filter.sender?.toLowerCase();
    const before = filter.olderThanMs === undefined ? Infinity : this.deps.clock.now() - filter.olderThanMs;
    const matches = (e: QueueEntry) =>
      (filter.jobId === undefined || e.msg.envelope.jobId === filter.jobId) &&
      (sender === undefined || e.msg.envelope.mailFrom.toLowerCase() === sender) &&
      e.msg.envelope.receivedAt <= before;
    let count = 0;
    for (const queue of queues) {
      const entries = waiting(queue).filter(matches);
      const lastError = queue.lastError;
      for (const entry of entries) count += entry.rcpts.length;
      settleEach(this.deps.queues, entries, (entry, index) => ({ index, record: this.deps.deletedRecord(entry, index), ...(filter.dsn ? {} : { dsn: false as const }) }));
      // A deletion is not an error of the destination's.
      queue.lastError = lastError;
    }
    return count;
  }

  private find(queue: string): DeliveryQueue | undefined {
    const key = keyOf(queue);
    return key === null ? undefined : this.deps.queues.queue(key);
  }

  private *entries(pick: (e: QueueEntry) => boolean): Generator<QueueEntry> {
    for (const queue of this.deps.queues.allQueues()) for (const e of queue.members) if (pick(e)) yield e;
  }
}

/**
 * A failure that hit the whole queue (no route, no connection, `defer-queue`): every ready entry
 * gets `outcome` for its recipients, and on a transient failure the queue enters retry mode.
 */
export function failAllReady(queues: QueueManager, queue: DeliveryQueue, outcome: Outcome): void {
  settleEach(queues, queue.drainReady(), (entry, index) => ({ index, record: outcome(entry, index) }), false);
}

/** `bounce-queue`: every recipient waiting in the queue (not in flight) bounces with `outcome`. */
export function bounceQueue(queues: QueueManager, queue: DeliveryQueue, outcome: Outcome): void {
  settleEach(queues, waiting(queue), (entry, index) => ({ index, record: outcome(entry, index) }));
}

/** Waiting entries: ready, scheduled or parked; not in flight. */
function waiting(queue: DeliveryQueue): QueueEntry[] {
  return [...queue.members].filter((e) => e.state !== "inflight" && e.state !== "done");
}

function settleEach(queues: QueueManager, entries: readonly QueueEntry[], outcome: (entry: QueueEntry, index: number) => RecipientOutcome, sessionDelivered = true): void {
  for (const entry of entries) {
    if (entry.state === "inflight" || entry.state === "done") continue;
    // Out of the ready list and the heap: both skip entries that are no longer ready/scheduled.
    entry.state = "inflight";
    queues.settle(entry, entry.rcpts.map((index) => outcome(entry, index)), sessionDelivered);
  }
}

function keyOf(queue: string): string | null {
  const key = parseQueueKey(queue.toLowerCase());
  return key && formatQueueKey(key);
}

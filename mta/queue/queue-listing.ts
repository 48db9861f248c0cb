/**
 * `pmta list`: the queued recipients matching a filter, oldest message first, at most `maxItems`
 * (capped at MAX_LISTED). Every recipient not yet done is listed, in flight ones too (their next
 * attempt is null). One pass over the entries with a bounded heap of the oldest: a full queue of a
 * million recipients is walked once, never sorted whole.
 */

import type { ListRecipientsFilter, QueuedRecipient } from "../handle";
import type { DeliveryQueue } from "./delivery-queue";
import { formatQueueKey, parseQueueKey } from "./queue-key";
import type { QueueEntry } from "./queued-message";
import { TopK } from "./top-k";

export const MAX_LISTED = 10_000;

/** The queues to look in, by key. */
export interface ListedQueues {
  queue(key: string): DeliveryQueue | undefined;
  allQueues(): Iterable<DeliveryQueue>;
}

export function listRecipients(queues: ListedQueues, filter: ListRecipientsFilter, now: number): QueuedRecipient[] {
  const max = Math.min(Math.max(0, Math.floor(filter.maxItems)), MAX_LISTED);
  if (max === 0) return [];
  const scope = queuesIn(queues, filter.queue);
  const orig = filter.orig?.toLowerCase();
  const rcpt = filter.rcpt?.toLowerCase();
  const before = filter.olderThanMs === undefined ? Infinity : now - filter.olderThanMs;
  const rcptMatches = (e: QueueEntry, i: number) => rcpt === undefined || e.msg.envelope.recipients[i].address.toLowerCase() === rcpt;
  // Each matching entry lists at least one recipient, so the `max` oldest entries hold the answer.
  const oldest = new TopK<{ entry: QueueEntry; queue: DeliveryQueue }>(max, (a, b) => olderThan(a.entry, b.entry));
  for (const queue of scope) {
    for (const entry of queue.members) {
      const env = entry.msg.envelope;
      if (entry.state === "done" || env.receivedAt > before) continue;
      if (filter.jobId !== undefined && env.jobId !== filter.jobId) continue;
      if (orig !== undefined && env.mailFrom.toLowerCase() !== orig) continue;
      if (!entry.rcpts.some((i) => !entry.msg.isDone(i) && rcptMatches(entry, i))) continue;
      oldest.offer({ entry, queue });
    }
  }
  const out: QueuedRecipient[] = [];
  for (const { entry, queue } of oldest.sorted()) {
    const env = entry.msg.envelope;
    const nextAttemptAt = nextAttempt(entry, queue, now);
    for (const i of entry.rcpts) {
      if (entry.msg.isDone(i) || !rcptMatches(entry, i)) continue;
      out.push({
        rcpt: env.recipients[i].address,
        orig: env.mailFrom,
        queue: queue.key,
        messageId: env.id,
        jobId: env.jobId ?? "",
        envId: env.envId ?? "",
        queuedAt: env.receivedAt,
        size: env.size,
        attempts: entry.failures,
        nextAttemptAt,
      });
      if (out.length === max) return out;
    }
  }
  return out;
}

function queuesIn(queues: ListedQueues, queue: string | undefined): Iterable<DeliveryQueue> {
  if (queue === undefined) return queues.allQueues();
  const key = parseQueueKey(queue.toLowerCase());
  const found = key && queues.queue(formatQueueKey(key));
  return found ? [found] : [];
}

/** Oldest message first; for one message, the queue order of its parts is arbitrary but stable. */
function olderThan(a: QueueEntry, b: QueueEntry): boolean {
  const x = a.msg.envelope;
  const y = b.msg.envelope;
  if (x.receivedAt !== y.receivedAt) return x.receivedAt < y.receivedAt;
  if (x.id !== y.id) return x.id < y.id;
  return a.queueKey < b.queueKey;
}

/**
 * Scheduled: its due time (or the queue's retry hold, if later); ready: the queue's hold when the
 * queue is in retry mode, else null (due now); in flight or parked behind a paused job: null.
 */
function nextAttempt(entry: QueueEntry, queue: DeliveryQueue, now: number): number | null {
  const hold = queue.holdUntil > now ? queue.holdUntil : 0;
  if (entry.state === "scheduled") return Math.max(entry.dueAt, hold);
  if (entry.state === "ready") return hold || null;
  return null;
}

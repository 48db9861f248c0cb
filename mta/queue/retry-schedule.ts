/**
 * When to try again, from `retry-after`, `retry-recipients-after`, `backoff-retry-after` and
 * `bounce-after` (powermta.md §1.4, §6):
 * - queue-level retries (the destination could not be reached, or refused everything this session)
 *   walk the `retry-after` list, whose last entry repeats, and the list starts over after a delivery;
 * - a recipient refused with a 4xx while others of the queue were delivered waits
 *   `retry-recipients-after` on its own;
 * - once a message has been queued longer than `bounce-after` it expires instead, but a retry due
 *   after that moment is pulled in to it, so the message is tried once more before it bounces.
 */

export interface ExpiryPolicy {
  bounceAfter: number;
}

/** The n-th queue-level retry interval (0-based); the last one repeats. */
export function retryInterval(list: readonly number[], index: number): number {
  if (list.length === 0) return 10 * 60_000;
  return list[Math.min(Math.max(index, 0), list.length - 1)];
}

/** True when a message queued at `receivedAt` may no longer be attempted. */
export function isExpired(policy: ExpiryPolicy, receivedAt: number, now: number): boolean {
  return now - receivedAt >= policy.bounceAfter;
}

/** `dueAt`, pulled in to the expiry time when it falls after it. */
export function clampToExpiry(policy: ExpiryPolicy, receivedAt: number, now: number, dueAt: number): number {
  return Math.min(dueAt, Math.max(receivedAt + policy.bounceAfter, now));
}

/**
 * When to try again after a transient failure, from `retry-after` and `bounce-after`
 * (powermta.md §1.4): the n-th retry waits the n-th interval of the list, the last interval repeats,
 * and once a message has been queued longer than `bounce-after` it expires instead.
 */

export interface RetryPolicy {
  retryAfter: readonly number[];
  bounceAfter: number;
}

export type RetryDecision = { kind: "retry"; dueAt: number } | { kind: "expire" };

/**
 * @param failures transient failures so far for this entry, counting the one just seen (≥ 1)
 */
export function nextAttempt(policy: RetryPolicy, failures: number, receivedAt: number, now: number): RetryDecision {
  if (now - receivedAt >= policy.bounceAfter) return { kind: "expire" };
  const list = policy.retryAfter.length > 0 ? policy.retryAfter : [10 * 60_000];
  const interval = list[Math.min(Math.max(failures, 1), list.length) - 1];
  const dueAt = now + interval;
  // The last retry is pulled in to the expiry time rather than skipped past it, so a message is
  // tried once more before it bounces.
  const expiresAt = receivedAt + policy.bounceAfter;
  return { kind: "retry", dueAt: Math.min(dueAt, Math.max(expiresAt, now)) };
}

/** True when a message queued at `receivedAt` may no longer be attempted. */
export function isExpired(policy: RetryPolicy, receivedAt: number, now: number): boolean {
  return now - receivedAt >= policy.bounceAfter;
}

/** One queue as the monitor sees it (handle.ts QueueSnapshot). */

import type { QueueSnapshot } from "../handle";
import type { DeliveryQueue } from "./delivery-queue";

export function queueSnapshot(q: DeliveryQueue, now: number): QueueSnapshot {
  const disabledSources: QueueSnapshot["disabledSources"] = [];
  for (const [ip, s] of q.sourceIps) {
    if (s.disabledUntil > now) disabledSources.push({ ip, until: Number.isFinite(s.disabledUntil) ? s.disabledUntil : null, reason: s.disabledReason });
  }
  return {
    key: q.key,
    domain: q.domain,
    vmta: q.vmta,
    recipients: q.recipients,
    messages: q.members.size,
    bytes: q.bytes,
    oldestQueuedAt: q.oldestQueuedAt(),
    activeConnections: q.active,
    nextAttemptAt: q.readyCount > 0 ? null : q.holdUntil || null,
    lastError: q.lastError,
    mode: q.backoff.mode,
    modeSince: q.backoff.since,
    modeReason: q.backoff.reason,
    paused: q.paused,
    disabledSources,
    // Filled by the engine work of issue 5 (limits and the last minute's attempts).
    maxSmtpOut: 0,
    rate: { lastMinute: 0, limit: null, limitPerMinute: null },
  };
}

/** One queue as the monitor sees it (handle.ts QueueSnapshot). */

import { formatRate, ratePerMinute } from "../config/format-values";
import type { DomainSettings } from "../config/types";
import type { QueueSnapshot } from "../handle";
import { effectiveMaxSmtpOut } from "../shaping/limits";
import type { DeliveryQueue } from "./delivery-queue";

/**
 * `settings`: the queue's resolved `<domain>` settings; `rampFactor`: the startup ramp's factor now.
 * The connection limit is the effective one (mode, ramp); the rate limit is the configured text of the
 * mode's `max-msg-rate`, unscaled by the ramp, as an operator compares it with the config.
 */
export function queueSnapshot(q: DeliveryQueue, now: number, settings: DomainSettings, rampFactor: number): QueueSnapshot {
  const disabledSources: QueueSnapshot["disabledSources"] = [];
  if (q.sourceIps.size > 0) {
    for (const [ip, s] of q.sourceIps) {
      if (s.disabledUntil > now) disabledSources.push({ ip, until: Number.isFinite(s.disabledUntil) ? s.disabledUntil : null, reason: s.disabledReason });
    }
  }
  const mode = q.backoff.mode;
  const msgRate = mode === "backoff" ? settings.backoffMaxMsgRate : settings.maxMsgRate;
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
    mode,
    modeSince: q.backoff.since,
    modeReason: q.backoff.reason,
    paused: q.paused,
    disabledSources,
    maxSmtpOut: effectiveMaxSmtpOut(settings, mode, rampFactor),
    rate: { lastMinute: q.attempts.lastMinute(now), limit: msgRate ? formatRate(msgRate) : null, limitPerMinute: ratePerMinute(msgRate) },
  };
}

/**
 * The limits a queue works under right now: its `<domain>` settings, swapped for the `backoff-*` ones
 * in backoff, and scaled down while the startup ramp runs (6.0r3's configurable startup: after a
 * restart with a full spool, providers see a gradual rise instead of a spike).
 */

import type { DomainSettings, MtaConfig, Rate } from "../config/types";
import type { QueueMode } from "./backoff";

export interface EffectiveLimits {
  maxSmtpOut: number;
  msgRate: Rate | null;
  connectRate: Rate | null;
  /** The retry list for queue-level retries in this mode. */
  retryAfter: readonly number[];
}

/** Fraction of the full limits allowed `elapsed` ms after start: from `fraction` up to 1, linearly. */
export function rampFactor(ramp: MtaConfig["startupRamp"], elapsed: number): number {
  if (!ramp || ramp.interval <= 0 || elapsed >= ramp.interval) return 1;
  return ramp.fraction + (1 - ramp.fraction) * Math.max(0, elapsed / ramp.interval);
}

/** The connections a queue may have open now: `max-smtp-out` (`backoff-max-smtp-out` in backoff), ramped. */
export function effectiveMaxSmtpOut(settings: DomainSettings, mode: QueueMode, factor = 1): number {
  return Math.max(1, Math.ceil((mode === "backoff" ? settings.backoffMaxSmtpOut : settings.maxSmtpOut) * factor));
}

export function effectiveLimits(settings: DomainSettings, mode: QueueMode, factor = 1): EffectiveLimits {
  const backoff = mode === "backoff";
  const scale = (rate: Rate | null): Rate | null => (rate && factor < 1 ? { count: rate.count * factor, perMs: rate.perMs } : rate);
  return {
    maxSmtpOut: effectiveMaxSmtpOut(settings, mode, factor),
    msgRate: scale(backoff ? settings.backoffMaxMsgRate : settings.maxMsgRate),
    connectRate: scale(backoff ? settings.backoffMaxConnectRate : settings.maxConnectRate),
    retryAfter: backoff ? settings.backoffRetryAfter : settings.retryAfter,
  };
}

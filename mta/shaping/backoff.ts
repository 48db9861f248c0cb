/**
 * A queue's delivery mode, PowerMTA's normal ↔ backoff (UG §10.3.2), as a state machine over an
 * injected time: an `<smtp-pattern-list>` rule with `mode=backoff` enters backoff (its limits replace
 * the normal ones), and the queue returns to normal after `backoff-to-normal-after`, at its first
 * delivery with `backoff-to-normal-after-delivery`, on a `mode=normal` rule, or by an operator.
 * Every change is returned as a ModeChange carrying the reply or reason that caused it.
 */

export type QueueMode = "normal" | "backoff";
export type ModeCause = "reply" | "timer" | "delivery" | "operator";

export interface ModeChange {
  mode: QueueMode;
  at: number;
  /** The remote reply that matched, or what else caused the change. */
  reason: string;
  cause: ModeCause;
}

export interface BackoffPolicy {
  /** `backoff-to-normal-after` (or the rule's `backoff-to-normal-after=`), null for never. */
  toNormalAfter: number | null;
  /** `backoff-to-normal-after-delivery`. */
  toNormalAfterDelivery: boolean;
}

export class BackoffState {
  private current: QueueMode = "normal";
  private sinceAt = 0;
  private why: string | null = null;
  private normalAt: number | null = null;
  private afterDelivery = false;

  get mode(): QueueMode {
    return this.current;
  }

  get since(): number {
    return this.sinceAt;
  }

  /** The reply (or reason) that put the queue in its current mode; null in normal mode at start. */
  get reason(): string | null {
    return this.why;
  }

  /** When the queue returns to normal on its own, if it is in backoff with a timer. */
  get toNormalAt(): number | null {
    return this.normalAt;
  }

  /**
   * A backoff rule matched. Entering returns the change; a further match while in backoff restarts the
   * timer (the provider is still pushing back) and returns null.
   */
  enterBackoff(now: number, reason: string, policy: BackoffPolicy, cause: ModeCause = "reply"): ModeChange | null {
    this.normalAt = policy.toNormalAfter === null ? null : now + policy.toNormalAfter;
    this.afterDelivery = policy.toNormalAfterDelivery;
    if (this.current === "backoff") return null;
    this.current = "backoff";
    this.sinceAt = now;
    this.why = reason;
    return { mode: "backoff", at: now, reason, cause };
  }

  /** Back to normal (a `mode=normal` rule, an operator, or the timers below); null when already normal. */
  toNormal(now: number, reason: string, cause: ModeCause): ModeChange | null {
    if (this.current === "normal") return null;
    this.current = "normal";
    this.sinceAt = now;
    this.why = reason;
    this.normalAt = null;
    this.afterDelivery = false;
    return { mode: "normal", at: now, reason, cause };
  }

  /** A recipient was delivered. */
  onDelivery(now: number): ModeChange | null {
    return this.current === "backoff" && this.afterDelivery ? this.toNormal(now, "delivered (backoff-to-normal-after-delivery)", "delivery") : null;
  }

  /** Time passed; leaves backoff when its timer ran out. */
  tick(now: number): ModeChange | null {
    return this.current === "backoff" && this.normalAt !== null && now >= this.normalAt
      ? this.toNormal(now, "backoff-to-normal-after elapsed", "timer")
      : null;
  }
}

/**
 * The loopback sink's behaviour as data: per recipient, per destination domain or by default, what it
 * answers at RCPT and at the end of DATA, how long it waits first, whether it answers at all, and
 * whether it hangs up afterwards. Connection-level behaviour (greeting delay, silence, TLS) belongs
 * to a listener, because it happens before the sink can know the destination. Pure code: the server
 * side lives in sink-listener.ts. Test-only.
 */

/** What the sink does at one stage (RCPT, or the final dot of DATA). */
export interface SinkStep {
  /** The reply, e.g. "550 5.1.1 user unknown"; omitted means the stage's usual success. */
  reply?: string;
  /** Milliseconds to wait before replying. */
  delayMs?: number;
  /** Never reply: the client waits until its own timeout (after the dot: "stops answering"). */
  silent?: boolean;
  /** Close the connection right after the reply. A 421 closes unless this is `false`. */
  close?: boolean;
}

/**
 * One step for every attempt, or a list indexed by the attempt number of the (sender, recipient)
 * pair, greylisting's key: entry 0 is the first attempt, and the last entry repeats.
 */
export type SinkSteps = SinkStep | readonly SinkStep[];

/** The transaction-level behaviour for a recipient or a domain. */
export interface SinkRule {
  rcpt?: SinkSteps;
  /** Applies to a transaction through its first accepted recipient's rule. */
  data?: SinkSteps;
  /**
   * Refuses RCPT (with `reply`, by default a 421 that closes) once `perSecond` messages for the
   * recipient's domain were accepted in the trailing second: a destination that enforces a rate.
   */
  rateLimit?: { perSecond: number; reply?: string; close?: boolean };
}

/** What a listener does before any transaction. */
export interface SinkListenerBehaviour {
  /** Milliseconds to wait before the 220 greeting (on top of smtp-server's own ~100 ms). */
  greetingDelayMs?: number;
  /** Accept the TCP connection and never send a greeting. */
  silent?: boolean;
  /** STARTTLS not offered (default), offered, or offered with a handshake that always fails. */
  tls?: "none" | "offer" | "fail";
}

/** A domain's rule; a `listener` gives the domain a port of its own (`sink.portOf(domain)`). */
export interface SinkDomainRule extends SinkRule {
  listener?: SinkListenerBehaviour;
}

/** The whole plan. Keys are matched lower-cased; a recipient's rule wins over its domain's. */
export interface SinkPlan {
  default?: SinkRule;
  domains?: Record<string, SinkDomainRule>;
  recipients?: Record<string, SinkRule>;
}

/** Replies real receivers give, for short test plans. */
export const REPLIES = {
  rateLimited: "421 4.7.0 rate limited, try again later",
  greylisted: "450 4.2.0 greylisted",
  userUnknown: "550 5.1.1 user unknown",
  mailboxFull: "552 5.2.2 mailbox full",
} as const;

/** Refuses the first `times` attempts of each (sender, recipient) pair with a 450, then accepts. */
export function greylist(times = 1, reply: string = REPLIES.greylisted): SinkStep[] {
  return [...Array.from({ length: times }, () => ({ reply })), {}];
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** The rule for a recipient: its own, else its domain's, else the default (or none). */
export function ruleFor(plan: SinkPlan, rcpt: string): SinkRule | undefined {
  const address = rcpt.toLowerCase();
  return plan.recipients?.[address] ?? plan.domains?.[domainOf(address)] ?? plan.default;
}

/** The step for the `attempt`-th attempt (0-based) of a pair. */
export function stepAt(steps: SinkSteps | undefined, attempt: number): SinkStep {
  if (!steps) return {};
  if (!Array.isArray(steps)) return steps as SinkStep;
  const list = steps as readonly SinkStep[];
  return list.length === 0 ? {} : list[Math.min(attempt, list.length - 1)];
}

/** A reply split into its code and the text after it; anything unparsable is a 550. */
export function parseReply(reply: string): { code: number; text: string } {
  const m = /^(\d{3})(?:[ -](.*))?$/s.exec(reply.trim());
  return m ? { code: Number(m[1]), text: m[2] ?? "" } : { code: 550, text: reply };
}

/** Whether the connection ends after `step`'s reply: asked for, or a 421 not told otherwise. */
export function closesAfter(step: SinkStep): boolean {
  if (step.close !== undefined) return step.close;
  return step.reply !== undefined && parseReply(step.reply).code === 421;
}

/** Counts attempts per (sender, recipient) pair, as a greylisting receiver keys them. */
export class AttemptCounter {
  private readonly counts = new Map<string, number>();

  /** The 0-based number of this attempt; counts it. */
  next(from: string, rcpt: string): number {
    const key = `${from.toLowerCase()}\n${rcpt.toLowerCase()}`;
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    return n;
  }
}

/** Accepted-message times per domain over a trailing window, for `rateLimit`. */
export class TrailingRate {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly windowMs = 1_000) {}

  add(domain: string, at: number): void {
    const list = this.times.get(domain) ?? [];
    list.push(at);
    this.times.set(domain, list);
  }

  /** Messages for `domain` accepted in (at - window, at]. */
  count(domain: string, at: number): number {
    const list = this.times.get(domain);
    if (!list) return 0;
    while (list.length > 0 && list[0] <= at - this.windowMs) list.shift();
    return list.length;
  }
}

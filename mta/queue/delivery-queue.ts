/**
 * One queue per `domain/vmta`: the entries waiting for it, those ready now (FIFO), its connections,
 * and the queue-level hold set after a failed connection (PowerMTA's queue retry mode), during which
 * new mail waits instead of hammering a dead destination.
 */

import { AttemptWindow } from "../shaping/attempt-window";
import { BackoffState } from "../shaping/backoff";
import { RateLimiter } from "../shaping/rate-limiter";
import type { LimitGroup } from "./limit-group";
import type { QueueEntry } from "./queued-message";

/** Per source address of a queue (`source-ip-max-*`, `disable-source-ip`). */
export interface SourceIpState {
  active: number;
  msg: RateLimiter;
  connect: RateLimiter;
  /** Epoch ms until which `disable-source-ip` keeps this address out of this queue; 0: enabled. */
  disabledUntil: number;
  disabledReason: string | null;
}

export class DeliveryQueue {
  /** Every entry in this queue; Set order is arrival order, so the first is the oldest. */
  readonly members = new Set<QueueEntry>();
  private readyItems: (QueueEntry | undefined)[] = [];
  private readyHead = 0;
  recipients = 0;
  bytes = 0;
  /** Connections open or opening. */
  active = 0;
  /** Of those, connections not yet past the greeting. */
  opening = 0;
  /** Connections waiting for work, woken by pushReady. */
  private readonly idle: ((hasWork: boolean) => void)[] = [];
  /** No new connection before this time (epoch ms); 0 means none. */
  holdUntil = 0;
  lastError: string | null = null;
  /** Paused by an operator: no new connection, and open ones are handed nothing (queue-actions.ts). */
  paused = false;
  /** normal ↔ backoff (shaping/backoff.ts). */
  readonly backoff = new BackoffState();
  /** `max-msg-rate` (or the backoff one) of this queue. */
  readonly msgLimiter = new RateLimiter(null);
  /** Recipients handed to connections in the last minute (the monitor's rate against max-msg-rate). */
  readonly attempts = new AttemptWindow();
  /** `max-connect-rate` (or the backoff one) of this queue. */
  readonly connectLimiter = new RateLimiter(null);
  /** Position in `retry-after` for queue-level retries; back to 0 after a delivery. */
  retryIndex = 0;
  readonly sourceIps = new Map<string, SourceIpState>();
  /** Domains sharing MX hosts share limits through a group (limit-group.ts); null: none yet. */
  group: LimitGroup | null = null;
  /** A pending wake-up (a rate or a hold ends), so no second timer is armed for the same queue. */
  wakeAt = Infinity;

  constructor(
    readonly key: string,
    readonly domain: string,
    readonly vmta: string,
  ) {}

  get readyCount(): number {
    return this.readyItems.length - this.readyHead;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  add(entry: QueueEntry): void {
    this.members.add(entry);
    this.recipients += entry.rcpts.length;
    this.bytes += entry.msg.envelope.size;
  }

  /** Forgets an entry that is done. */
  remove(entry: QueueEntry): void {
    if (!this.members.delete(entry)) return;
    this.bytes -= entry.msg.envelope.size;
  }

  /** Adjusts the pending recipient count when recipients of an entry finish. */
  recipientsDone(n: number): void {
    this.recipients -= n;
  }

  pushReady(entry: QueueEntry): void {
    entry.state = "ready";
    const waiter = this.idle.shift();
    this.readyItems.push(entry);
    if (waiter) waiter(true);
  }

  shiftReady(): QueueEntry | undefined {
    while (this.readyHead < this.readyItems.length) {
      const entry = this.readyItems[this.readyHead];
      this.readyItems[this.readyHead++] = undefined;
      if (this.readyHead > 1024 && this.readyHead * 2 > this.readyItems.length) {
        this.readyItems = this.readyItems.slice(this.readyHead);
        this.readyHead = 0;
      }
      if (entry && entry.state === "ready") return entry;
    }
    return undefined;
  }

  /** Takes every ready entry out (for a queue-level failure). */
  drainReady(): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (let e = this.shiftReady(); e; e = this.shiftReady()) out.push(e);
    return out;
  }

  /** Resolves true when work arrives, false after `ms` or when woken to stop. */
  waitForWork(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter = (hasWork: boolean) => {
        clearTimeout(timer);
        resolve(hasWork);
      };
      const timer = setTimeout(() => {
        const i = this.idle.indexOf(waiter);
        if (i >= 0) this.idle.splice(i, 1);
        resolve(false);
      }, ms);
      this.idle.push(waiter);
    });
  }

  /** Wakes every idle connection with "no work", so they quit (or, `hasWork`, to look again). */
  releaseIdle(hasWork = false): void {
    for (const waiter of this.idle.splice(0)) waiter(hasWork);
  }

  /** The next ready entry without taking it (the rate limiters decide whether it may go now). */
  peekReady(): QueueEntry | undefined {
    while (this.readyHead < this.readyItems.length) {
      const entry = this.readyItems[this.readyHead];
      if (entry && entry.state === "ready") return entry;
      this.readyItems[this.readyHead++] = undefined;
    }
    return undefined;
  }

  /** Told when a source address is disabled or enabled (source-disables.ts keeps it across restarts). */
  onSourceChange: ((ip: string, until: number, reason: string | null) => void) | null = null;

  /** Takes `ip` out of this queue until `until` (epoch ms; Infinity: until enabled). */
  disableSource(ip: string, until: number, reason: string | null): void {
    const state = this.sourceIp(ip);
    state.disabledUntil = until;
    state.disabledReason = reason;
    this.onSourceChange?.(ip, until, reason);
  }

  /** Puts `ip` back into this queue. */
  enableSource(ip: string): void {
    const state = this.sourceIps.get(ip);
    if (!state) return;
    state.disabledUntil = 0;
    state.disabledReason = null;
    this.onSourceChange?.(ip, 0, null);
  }

  sourceIp(ip: string): SourceIpState {
    let state = this.sourceIps.get(ip);
    if (!state) {
      state = { active: 0, msg: new RateLimiter(null), connect: new RateLimiter(null), disabledUntil: 0, disabledReason: null };
      this.sourceIps.set(ip, state);
    }
    return state;
  }

  oldestQueuedAt(): number | null {
    for (const entry of this.members) return entry.msg.envelope.receivedAt;
    return null;
  }
}

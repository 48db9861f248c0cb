/**
 * The queue manager (Postfix's qmgr role): every queued recipient sits in a queue per `domain/vmta`;
 * entries move from the due-time heap to their queue's ready list when due; connections are asked for
 * within the queue's, its group's, its VirtualMTA's and the global limits; and delivery outcomes are
 * applied (done, retry, expire). Traffic shaping decisions (rates, backoff, retry mode) are made here
 * from the pure parts in `shaping/`; there is no I/O: delivery runs in `delivery/`, persistence in
 * `Completion`. Everything is synchronous bookkeeping, so the counters the monitor reads are current.
 */

import type { ModeCause, ModeChange } from "../shaping/backoff";
import type { EffectiveLimits } from "../shaping/limits";
import { DeliveryQueue } from "./delivery-queue";
import { ConnectionSlots, wantsConnection } from "./connection-slots";
import { DueSchedule } from "./due-schedule";
import { JobTally } from "./job-tally";
import { formatQueueKey } from "./queue-key";
import { QueueModes } from "./queue-modes";
import { splitByQueue } from "./queue-split";
import { SharedLimits } from "./shared-limits";
import type { QueueManagerDeps, RecipientOutcome } from "./queue-ports";
import type { QueueEntry, QueuedMessage } from "./queued-message";
import { clampToExpiry, isExpired, retryInterval } from "./retry-schedule";

export type TakeResult = { kind: "entry"; entry: QueueEntry } | { kind: "wait"; until: number } | { kind: "none" };

export class QueueManager {
  private readonly queues = new Map<string, DeliveryQueue>();
  /** Pending recipients and messages per job, kept as mail enters and finishes. */
  readonly jobs = new JobTally();
  private readonly waiting: DueSchedule<QueueEntry>;
  private readonly slots: ConnectionSlots;
  private readonly limits: SharedLimits;
  private readonly modes: QueueModes;
  private stopping = false;

  constructor(private readonly deps: QueueManagerDeps) {
    this.waiting = new DueSchedule(deps.clock, (entry) => this.due(entry));
    this.slots = new ConnectionSlots({ ...deps, queuePriority: (q) => deps.settingsFor(q.domain, q.vmta).queuePriority });
    this.limits = new SharedLimits(deps);
    this.modes = new QueueModes({ ...deps, changed: (q, c) => this.modeChanged(q, c) });
  }

  get outboundConnections(): number {
    return this.slots.active;
  }

  /** The queue `domain/vmta` while it exists. */
  queue(key: string): DeliveryQueue | undefined {
    return this.queues.get(key);
  }

  allQueues(): IterableIterator<DeliveryQueue> {
    return this.queues.values();
  }

  /** The limits `queue` works under now: its settings, its mode, the startup ramp. */
  limitsFor(queue: DeliveryQueue): EffectiveLimits {
    return this.limits.limitsFor(queue);
  }

  /**
   * Queues the pending recipients of a message, split by queue: recipient domain (or its `queue-to`
   * domain) and VirtualMTA. Mail for a queue in backoff with `backoff-reroute-to-virtual-mta` goes to
   * the reroute VirtualMTA's queue instead.
   */
  enqueue(msg: QueuedMessage, failures = 0, dueAt = 0): void {
    const byQueue = splitByQueue(msg, (d, v) => this.deps.settingsFor(d, v), (key) => this.modes.rerouteOf(this.queues.get(key)));
    this.jobs.added(msg);
    for (const { domain, vmta, indexes } of byQueue.values()) {
      const queue = this.queueFor(domain, vmta);
      const entry: QueueEntry = { msg, rcpts: indexes, failures, dueAt, state: "scheduled", queueKey: queue.key, lastError: null };
      queue.add(entry);
      this.place(queue, entry, Math.max(dueAt, queue.holdUntil));
    }
  }

  /**
   * The next entry a connection of `queue` may send now, from source address `sourceIp`: expired
   * entries are bounced on the way, and when a rate limit (queue, group, VirtualMTA, source address)
   * says not yet, `wait` tells until when. `none`: nothing ready, or the queue is held.
   */
  take(queue: DeliveryQueue, sourceIp?: string): TakeResult {
    const now = this.deps.clock.now();
    if (queue.holdUntil > now || queue.paused) return { kind: "none" };
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    for (let entry = queue.peekReady(); entry; entry = queue.peekReady()) {
      if (isExpired(settings, entry.msg.envelope.receivedAt, now)) {
        queue.shiftReady();
        this.expire(queue, entry);
        continue;
      }
      // A paused job's entries wait aside until it resumes (queue-actions.ts).
      if (this.deps.pauses?.jobPaused(entry.msg.envelope.jobId)) {
        queue.shiftReady();
        entry.state = "parked";
        continue;
      }
      const limiters = this.limits.msgLimiters(queue, sourceIp, entry.msg.envelope.recipients[entry.rcpts[0]]?.vmtaPool);
      const at = Math.max(...limiters.map((l) => l.availableAt(now)));
      if (at > now) return { kind: "wait", until: at };
      const cost = Math.max(1, entry.rcpts.length);
      for (const l of limiters) l.take(now, cost);
      queue.attempts.add(now, entry.rcpts.length);
      queue.shiftReady();
      entry.state = "inflight";
      return { kind: "entry", entry };
    }
    return { kind: "none" };
  }

  /**
   * Applies the outcomes of one attempt: d and b finish recipients; t ones retry. `sessionDelivered`
   * says whether the connection delivered anything so far: if not, the destination refused all it
   * was given and the queue enters retry mode (`retry-after`); otherwise only the refused recipients
   * wait (`retry-recipients-after`). `again`: the refusal was about the MX host or source address
   * (skip-mx, disable-source-ip), so the rest go again at once through another.
   */
  settle(entry: QueueEntry, outcomes: readonly RecipientOutcome[], sessionDelivered = true, again = false): void {
    const queue = this.queues.get(entry.queueKey)!;
    const now = this.deps.clock.now();
    const finished: number[] = [];
    let transient = 0;
    let delivered = false;
    for (const o of outcomes) {
      if (o.record.type === "t") {
        transient++;
        entry.lastError = o.record.dsnDiag;
      } else finished.push(o.index);
      if (o.record.type === "d") delivered = true;
      else queue.lastError = o.record.dsnDiag;
    }
    if (delivered) {
      queue.retryIndex = 0;
      this.modes.delivered(queue);
    }
    this.finish(queue, entry, outcomes, finished);
    entry.rcpts = entry.rcpts.filter((i) => !entry.msg.isDone(i));
    if (entry.rcpts.length === 0) return this.drop(queue, entry);
    // Out when its queue went into backoff with a reroute: it follows the queue's mail now.
    const reroute = this.modes.rerouteOf(queue);
    if (reroute) {
      entry.state = "ready";
      return this.moveAll(queue, reroute);
    }
    // Nothing attempted for the rest (the session broke first), or `again`: straight back in line.
    if (transient === 0 || again) return this.place(queue, entry, 0);
    this.retryLater(queue, entry, sessionDelivered || delivered);
  }

  /** An operator changed `queue` (queue-actions.ts): `entries` go back in line; paused, its idle connections quit. */
  operatorChanged(queue: DeliveryQueue, entries: readonly QueueEntry[] = []): void {
    for (const entry of entries) this.place(queue, entry, queue.holdUntil);
    if (this.forgetIfIdle(queue)) return;
    this.dispatch(queue);
    queue.releaseIdle(!queue.paused);
  }

  /** Dispatch `queue` again at `at`: its source addresses are busy or disabled until then. */
  retryDispatchAt(queue: DeliveryQueue, at: number): void {
    this.slots.holdUntil(queue, at);
    this.wake(queue, at);
  }

  /** `defer-queue`: the queue enters retry mode now; ready entries wait for the retry time. */
  deferQueue(queue: DeliveryQueue): void {
    const until = this.enterRetryMode(queue);
    for (const entry of queue.drainReady()) this.place(queue, entry, until);
  }

  /** A `mode=backoff` rule matched `reply`, or an operator set the mode. */
  enterBackoff(queue: DeliveryQueue, reply: string, toNormalAfter?: number, cause: Extract<ModeCause, "reply" | "operator"> = "reply"): void {
    this.modes.enterBackoff(queue, reply, toNormalAfter, cause);
  }

  /** A `mode=normal` rule matched, or an operator set the mode. */
  toNormal(queue: DeliveryQueue, reason: string, cause: Extract<ModeCause, "reply" | "operator">): void {
    this.modes.toNormal(queue, reason, cause);
  }

  /** The queue's destination resolved to a shared site or a rollup; false: this connection must give way. */
  joinGroup(queue: DeliveryQueue, site: string, rollupName: string | null): boolean {
    return this.limits.joinGroup(queue, site, rollupName);
  }

  /** Whether an idle connection of `queue` should quit: another queue waits for the slot it holds. */
  slotWanted(queue: DeliveryQueue): boolean {
    return this.slots.wanted(queue) || this.limits.groupWanted(queue);
  }

  /** A connection asked for by `openConnection` is up (or gave up) and now takes work. */
  connectionEstablished(queue: DeliveryQueue): void {
    queue.opening--;
  }

  /** A connection asked for by `openConnection` has ended; `established` says whether it got up. */
  connectionClosed(queue: DeliveryQueue, established: boolean): void {
    if (!established) queue.opening--;
    queue.active--;
    if (queue.group) queue.group.active--;
    this.slots.release(queue, established);
    this.forgetIfIdle(queue);
    // The freed slot goes, by queue-priority, to this queue or to those turned away for lack of one.
    for (const next of this.slots.waiting()) this.dispatch(next);
  }

  /** Brings back the queues that had a source address disabled when the engine stopped. */
  restoreDisabledSources(): void {
    for (const { domain, vmta } of this.deps.disables?.queues() ?? []) this.queueFor(domain, vmta);
  }

  /** Stops opening connections and tells idle ones to quit. */
  stop(): void {
    this.stopping = true;
    this.waiting.stop();
    this.modes.stop();
    for (const queue of this.queues.values()) queue.releaseIdle();
  }

  private queueFor(domain: string, vmta: string): DeliveryQueue {
    const key = formatQueueKey({ domain, vmta });
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new DeliveryQueue(key, domain, vmta);
      const hold = this.deps.holds?.restored(key);
      if (hold) [queue.holdUntil, queue.retryIndex] = [hold.until, hold.retryIndex];
      queue.paused = this.deps.pauses?.queuePaused(key) ?? false;
      this.deps.disables?.restoreInto(queue);
      this.queues.set(key, queue);
    }
    return queue;
  }

  private forgetIfIdle(queue: DeliveryQueue): boolean {
    if (queue.members.size > 0 || queue.active > 0 || queue.backoff.mode === "backoff") return false;
    // A source address disable-source-ip took out stays out for this queue's next mail too.
    for (const ip of queue.sourceIps.values()) if (ip.disabledUntil > this.deps.clock.now()) return false;
    this.queues.delete(queue.key);
    queue.group?.leave(queue);
    this.slots.forget(queue);
    return true;
  }

  private place(queue: DeliveryQueue, entry: QueueEntry, dueAt: number): void {
    const now = this.deps.clock.now();
    if (dueAt <= now) {
      entry.dueAt = now;
      queue.pushReady(entry);
      this.dispatch(queue);
      return;
    }
    entry.dueAt = dueAt;
    entry.state = "scheduled";
    this.waiting.push(entry);
  }

  /** Queue-level retry mode: no new connection before the next `retry-after` interval. */
  private enterRetryMode(queue: DeliveryQueue): number {
    const now = this.deps.clock.now();
    if (queue.holdUntil > now) return queue.holdUntil;
    queue.holdUntil = now + retryInterval(this.limitsFor(queue).retryAfter, queue.retryIndex);
    queue.retryIndex++;
    this.deps.holds?.set(queue.key, { until: queue.holdUntil, retryIndex: queue.retryIndex });
    return queue.holdUntil;
  }

  private retryLater(queue: DeliveryQueue, entry: QueueEntry, recipientLevel: boolean): void {
    entry.failures++;
    // A message waiting for a retry gives its memory back; the retry reads it from the spool.
    entry.msg.releaseContent();
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    const now = this.deps.clock.now();
    const receivedAt = entry.msg.envelope.receivedAt;
    if (isExpired(settings, receivedAt, now)) return this.expire(queue, entry);
    // A queue in retry mode (defer-queue, a failed connection) holds its refused recipients too.
    const wanted = recipientLevel && queue.holdUntil <= now ? now + settings.retryRecipientsAfter : this.enterRetryMode(queue);
    const dueAt = clampToExpiry(settings, receivedAt, now, wanted);
    this.noticeDelay(entry, now, settings.notifyOfDelayEvery, receivedAt + settings.bounceAfter);
    this.deps.outcomes.schedule(entry.msg, entry.failures, dueAt);
    this.place(queue, entry, dueAt);
  }

  /** `notify-of-delay-every`: a delay notice each time another interval has passed since reception. */
  private noticeDelay(entry: QueueEntry, now: number, every: number, expiresAt: number): void {
    if (every <= 0) return;
    const n = Math.floor((now - entry.msg.envelope.receivedAt) / every);
    // Which recipients still need notice n is the OutcomeSink's to know (per recipient, not message).
    if (n < 1) return;
    this.deps.outcomes.delayed(entry.msg, entry.rcpts, n, entry.lastError, expiresAt);
  }

  private expire(queue: DeliveryQueue, entry: QueueEntry): void {
    const outcomes = entry.rcpts.map((index) => ({ index, record: this.deps.expiryRecord(entry, index) }));
    queue.lastError = outcomes[0]?.record.dsnDiag ?? queue.lastError;
    this.finish(queue, entry, outcomes, entry.rcpts);
    entry.rcpts = [];
    this.drop(queue, entry);
  }

  private finish(queue: DeliveryQueue, entry: QueueEntry, outcomes: readonly RecipientOutcome[], finished: readonly number[]): void {
    const newlyDone = entry.msg.markDone(finished);
    queue.recipientsDone(newlyDone);
    this.jobs.finished(entry.msg, newlyDone);
    if (entry.msg.pendingCount === 0) entry.msg.releaseContent();
    this.deps.outcomes.settle(entry.msg, outcomes, finished);
  }

  private drop(queue: DeliveryQueue, entry: QueueEntry): void {
    entry.state = "done";
    queue.remove(entry);
    this.forgetIfIdle(queue);
  }

  private modeChanged(queue: DeliveryQueue, change: ModeChange): void {
    if (change.mode === "backoff") {
      const reroute = this.modes.rerouteOf(queue);
      if (reroute) this.moveAll(queue, reroute);
    }
    this.limits.invalidate(queue.group);
    this.deps.onModeChange(queue, change);
    // Kept while in backoff; back in normal mode an empty queue goes.
    if (!this.forgetIfIdle(queue)) this.dispatch(queue);
  }

  /** Moves every entry of `queue` (ready or scheduled) to the same domain's queue of `vmta`. */
  private moveAll(queue: DeliveryQueue, vmta: string): void {
    const target = this.queueFor(queue.domain, vmta);
    for (const entry of [...queue.members]) {
      if (entry.state === "inflight") continue;
      queue.remove(entry);
      queue.recipientsDone(entry.rcpts.length);
      entry.queueKey = target.key;
      target.add(entry);
      if (entry.state === "ready") {
        entry.state = "scheduled";
        this.place(target, entry, 0);
      }
    }
    queue.drainReady();
  }

  private due(entry: QueueEntry): void {
    if (entry.state !== "scheduled") return;
    const queue = this.queues.get(entry.queueKey);
    if (!queue) return;
    // Retries are pulled in to bounce-after (retry-schedule.ts): then it bounces, held queue or not.
    if (isExpired(this.deps.settingsFor(queue.domain, queue.vmta), entry.msg.envelope.receivedAt, this.deps.clock.now())) return this.expire(queue, entry);
    queue.pushReady(entry);
    this.dispatch(queue);
  }

  /** Dispatch `queue` again at `at` (a connect rate or a hold ends). */
  private wake(queue: DeliveryQueue, at: number): void {
    if (this.stopping || at >= queue.wakeAt) return;
    queue.wakeAt = at;
    const timer = setTimeout(() => {
      queue.wakeAt = Infinity;
      this.dispatch(queue);
    }, Math.max(0, at - this.deps.clock.now()));
    timer.unref?.();
  }

  /**
   * Opens connections while the queue has more ready entries than connections about to take one
   * (idle or still opening), within the queue's and its group's `max-smtp-out` and connect rate, the
   * VirtualMTA's `max-smtp-out` and `total-max-smtp-out`. Busy connections do not count: a backlog
   * ramps the queue up to its limit, as PowerMTA does.
   */
  private dispatch(queue: DeliveryQueue): void {
    if (this.stopping || queue.paused) return;
    const now = this.deps.clock.now();
    if (queue.holdUntil > now) return this.wake(queue, queue.holdUntil);
    const limits = this.limitsFor(queue);
    const group = queue.group;
    const groupLimits = group ? this.limits.groupLimits(group) : null;
    queue.connectLimiter.setRate(limits.connectRate);
    if (group) group.connect.setRate(groupLimits!.connectRate);
    while (wantsConnection(queue)) {
      // While the startup ramp raises max-smtp-out, a queue at its limit looks again later.
      if (queue.active >= limits.maxSmtpOut) return this.wake(queue, this.limits.rampRecheckAt(now));
      if (group && group.active >= groupLimits!.maxSmtpOut) {
        group.yieldIdle(queue);
        return this.wake(queue, this.limits.rampRecheckAt(now));
      }
      const at = Math.max(queue.connectLimiter.availableAt(now), group ? group.connect.availableAt(now) : now);
      if (at > now) {
        this.wake(queue, at);
        break;
      }
      if (!this.slots.claim(queue)) return this.wake(queue, this.slots.heldUntil(queue));
      queue.connectLimiter.take(now);
      group?.connect.take(now);
      queue.active++;
      queue.opening++;
      if (group) group.active++;
      this.deps.openConnection(queue);
    }
  }
}

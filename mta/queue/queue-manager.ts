/**
 * The queue manager (Postfix's qmgr role): holds every queued recipient in a queue per `domain/vmta`,
 * moves entries from the due-time heap to their queue's ready list when due, asks for connections
 * within each queue's limits, and applies delivery outcomes (done, retry, expire).
 *
 * It never does I/O itself: delivery runs in `delivery/`, persistence in `Completion`. Everything here
 * is synchronous bookkeeping, so the counters the monitor reads are always current.
 */

import type { DomainSettings } from "../config/types";
import type { Clock, Logger } from "../ports";
import type { AcctRecord } from "../records/acct-record";
import { DeliveryQueue } from "./delivery-queue";
import { DueHeap } from "./due-heap";
import { DEFAULT_VMTA, formatQueueKey, recipientDomain } from "./queue-key";
import type { EntryState, QueueEntry, QueuedMessage } from "./queued-message";
import { isExpired, nextAttempt } from "./retry-schedule";

/** A recipient's outcome of one attempt, with the accounting record that describes it. */
export interface RecipientOutcome {
  index: number;
  record: AcctRecord;
}

/** Persists outcomes: records, DSNs, journal, removal. Implemented by `completion.ts`. */
export interface OutcomeSink {
  /** Called once per settled batch; `finished` are the recipient indexes now done (d or b). */
  settle(msg: QueuedMessage, outcomes: readonly RecipientOutcome[], finished: readonly number[]): void;
  /** Schedule persistence for a message with recipients still pending. */
  schedule(msg: QueuedMessage, failures: number, dueAt: number): void;
}

export interface QueueManagerDeps {
  clock: Clock;
  logger: Logger;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /** Builds the `b` record for a recipient whose queue lifetime ran out. */
  expiryRecord(entry: QueueEntry, index: number): AcctRecord;
  outcomes: OutcomeSink;
  /** Asked to open one more connection for a queue. */
  openConnection(queue: DeliveryQueue): void;
  /** Global cap on outbound connections (`total-max-smtp-out`). */
  totalMaxSmtpOut(): number;
  /** A VirtualMTA's own `max-smtp-out` across its queues (Infinity when it sets none). */
  vmtaMaxSmtpOut(vmta: string): number;
}

export class QueueManager {
  private readonly queues = new Map<string, DeliveryQueue>();
  private readonly heap = new DueHeap<QueueEntry>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private activeOut = 0;
  /** Open or opening connections per VirtualMTA, for its own `max-smtp-out`. */
  private readonly vmtaActive = new Map<string, number>();
  /** Queues with ready work that could not open a connection because of `total-max-smtp-out`. */
  private readonly starved = new Set<DeliveryQueue>();
  private stopping = false;

  constructor(private readonly deps: QueueManagerDeps) {}

  get outboundConnections(): number {
    return this.activeOut;
  }

  allQueues(): IterableIterator<DeliveryQueue> {
    return this.queues.values();
  }

  /**
   * Queues the pending recipients of a message, split by queue: recipient domain (or its `queue-to`
   * domain) and VirtualMTA.
   */
  enqueue(msg: QueuedMessage, failures = 0, dueAt = 0): void {
    const byQueue = new Map<string, { domain: string; vmta: string; indexes: number[] }>();
    const rcpts = msg.envelope.recipients;
    for (let i = 0; i < rcpts.length; i++) {
      if (msg.isDone(i)) continue;
      const vmta = rcpts[i].vmta ?? msg.envelope.vmta ?? DEFAULT_VMTA;
      const rcptDomain = recipientDomain(rcpts[i].address);
      const domain = this.deps.settingsFor(rcptDomain, vmta).queueTo ?? rcptDomain;
      const key = formatQueueKey({ domain, vmta });
      const group = byQueue.get(key);
      if (group) group.indexes.push(i);
      else byQueue.set(key, { domain, vmta, indexes: [i] });
    }
    for (const { domain, vmta, indexes } of byQueue.values()) {
      const queue = this.queueFor(domain, vmta);
      const entry: QueueEntry = { msg, rcpts: indexes, failures, dueAt, state: "scheduled", queueKey: queue.key, lastError: null };
      queue.add(entry);
      this.place(queue, entry, Math.max(dueAt, queue.holdUntil));
    }
  }

  /** The next ready entry of a queue for a connection to deliver, or undefined. */
  take(queue: DeliveryQueue): QueueEntry | undefined {
    const now = this.deps.clock.now();
    for (let entry = queue.shiftReady(); entry; entry = queue.shiftReady()) {
      const settings = this.deps.settingsFor(queue.domain, queue.vmta);
      if (isExpired(settings, entry.msg.envelope.receivedAt, now)) {
        this.expire(queue, entry);
        continue;
      }
      entry.state = "inflight";
      return entry;
    }
    return undefined;
  }

  /** Applies the outcomes of one attempt: d and b finish recipients, t ones retry or expire. */
  settle(entry: QueueEntry, outcomes: readonly RecipientOutcome[]): void {
    const queue = this.queues.get(entry.queueKey)!;
    const finished: number[] = [];
    const retry: number[] = [];
    for (const o of outcomes) {
      if (o.record.type === "t") {
        retry.push(o.index);
        entry.lastError = o.record.dsnDiag;
      } else finished.push(o.index);
      if (o.record.type !== "d") queue.lastError = o.record.dsnDiag;
    }
    this.finish(queue, entry, outcomes, finished);
    entry.rcpts = entry.rcpts.filter((i) => !entry.msg.isDone(i));
    if (entry.rcpts.length === 0) return this.drop(queue, entry);
    if (retry.length === 0) {
      // Nothing was attempted for the rest (e.g. the session broke first): straight back in line.
      return this.place(queue, entry, 0);
    }
    this.retryLater(queue, entry);
  }

  /**
   * A failure that hit the whole queue (no route, no connection): every ready entry gets `outcome`
   * for each of its recipients, and on a transient failure the queue holds new mail until the
   * first retry.
   */
  failReady(queue: DeliveryQueue, outcome: (entry: QueueEntry, index: number) => AcctRecord): void {
    const entries = queue.drainReady();
    let earliest = Infinity;
    for (const entry of entries) {
      entry.state = "inflight";
      this.settle(entry, entry.rcpts.map((index) => ({ index, record: outcome(entry, index) })));
      if ((entry.state as EntryState) === "scheduled") earliest = Math.min(earliest, entry.dueAt);
    }
    if (earliest !== Infinity) queue.holdUntil = earliest;
  }

  /** A connection asked for by `openConnection` is up (or gave up) and now takes work. */
  connectionEstablished(queue: DeliveryQueue): void {
    queue.opening--;
  }

  /** A connection asked for by `openConnection` has ended; `established` says whether it got up. */
  connectionClosed(queue: DeliveryQueue, established: boolean): void {
    if (!established) queue.opening--;
    queue.active--;
    this.activeOut--;
    this.vmtaActive.set(queue.vmta, (this.vmtaActive.get(queue.vmta) ?? 1) - 1);
    if (queue.members.size === 0 && queue.active === 0) this.queues.delete(queue.key);
    else this.dispatchAll(queue);
  }

  /** Stops opening connections and tells idle ones to quit. */
  stop(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const queue of this.queues.values()) queue.releaseIdle();
  }

  private queueFor(domain: string, vmta: string): DeliveryQueue {
    const key = formatQueueKey({ domain, vmta });
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new DeliveryQueue(key, domain, vmta);
      this.queues.set(key, queue);
    }
    return queue;
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
    this.heap.push(entry);
    this.armTimer(dueAt);
  }

  private retryLater(queue: DeliveryQueue, entry: QueueEntry): void {
    entry.failures++;
    // A message waiting for a retry gives its memory back; the retry reads it from the spool.
    entry.msg.releaseContent();
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    const now = this.deps.clock.now();
    const decision = nextAttempt(settings, entry.failures, entry.msg.envelope.receivedAt, now);
    if (decision.kind === "expire") return this.expire(queue, entry);
    this.deps.outcomes.schedule(entry.msg, entry.failures, decision.dueAt);
    this.place(queue, entry, decision.dueAt);
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
    if (entry.msg.pendingCount === 0) entry.msg.releaseContent();
    this.deps.outcomes.settle(entry.msg, outcomes, finished);
  }

  private drop(queue: DeliveryQueue, entry: QueueEntry): void {
    entry.state = "done";
    queue.remove(entry);
    if (queue.members.size === 0 && queue.active === 0) this.queues.delete(queue.key);
  }

  private armTimer(at: number): void {
    if (this.stopping || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.max(0, Math.min(at - this.deps.clock.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.onTimer(), delay);
    this.timer.unref?.();
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.deps.clock.now();
    for (const entry of this.heap.popDue(now)) {
      if (entry.state !== "scheduled") continue;
      const queue = this.queues.get(entry.queueKey);
      if (!queue) continue;
      queue.pushReady(entry);
      this.dispatch(queue);
    }
    const next = this.heap.peek();
    if (next) this.armTimer(next.dueAt);
  }

  private dispatchAll(first: DeliveryQueue): void {
    this.dispatch(first);
    // A freed slot goes to the queues that were turned away for lack of one, higher
    // `queue-priority` first.
    if (this.starved.size === 0) return;
    const waiting = [...this.starved].sort(
      (a, b) => this.deps.settingsFor(b.domain, b.vmta).queuePriority - this.deps.settingsFor(a.domain, a.vmta).queuePriority,
    );
    for (const queue of waiting) {
      if (this.activeOut >= this.deps.totalMaxSmtpOut()) break;
      this.starved.delete(queue);
      this.dispatch(queue);
    }
  }

  /**
   * Opens connections while the queue has more ready entries than connections about to take one
   * (idle or still opening), within `max-smtp-out` and `total-max-smtp-out`. Busy connections do not
   * count: a backlog ramps the queue up to its limit, as PowerMTA does.
   */
  private dispatch(queue: DeliveryQueue): void {
    if (this.stopping) return;
    if (queue.holdUntil > this.deps.clock.now()) return;
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    const total = this.deps.totalMaxSmtpOut();
    const vmtaMax = this.deps.vmtaMaxSmtpOut(queue.vmta);
    while (
      queue.readyCount > queue.idleCount + queue.opening &&
      queue.active < settings.maxSmtpOut &&
      this.activeOut < total &&
      (this.vmtaActive.get(queue.vmta) ?? 0) < vmtaMax
    ) {
      queue.active++;
      queue.opening++;
      this.activeOut++;
      this.vmtaActive.set(queue.vmta, (this.vmtaActive.get(queue.vmta) ?? 0) + 1);
      this.deps.openConnection(queue);
    }
    const limited = this.activeOut >= total || (this.vmtaActive.get(queue.vmta) ?? 0) >= vmtaMax;
    if (limited && queue.readyCount > queue.idleCount + queue.opening) this.starved.add(queue);
  }
}

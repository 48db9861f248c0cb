/**
 * Makes delivery outcomes durable, in the order that keeps the spool's promises:
 * accounting records first (buffered, off the hot path), then for bounces the DSN is spooled
 * (durably, with `dsnFor` naming the recipients it reports), then the recipients are marked done in
 * the journal, then the DSN is queued, and the message leaves the spool once nothing is pending.
 *
 * A crash between any two steps leaves either a recipient still pending (it is retried) or a DSN in
 * the spool that recovery matches to its recipients: never a lost bounce, never two DSNs.
 */

import { dsnWanted } from "../bounce/dsn-generate";
import type { Logger } from "../ports";
import type { AcctRecord } from "../records/acct-record";
import type { Envelope, Spool } from "../spool/spool";
import type { OutcomeSink, RecipientOutcome } from "./queue-ports";
import type { QueuedMessage } from "./queued-message";

export interface CompletionDeps {
  spool: Spool;
  logger: Logger;
  /** Receives every accounting record (d, b, t). Must not block. */
  record(record: AcctRecord): void;
  /**
   * Spools a DSN reporting `bounced` recipients of `msg` (all `b`: Action failed; all `d`: Action
   * relayed) when the sender asked for one, and returns its envelope once durable, or null when no
   * DSN is due (null sender, NOTIFY=NEVER, a DSN itself).
   */
  spoolDsn(msg: QueuedMessage, bounced: readonly RecipientOutcome[]): Promise<Envelope | null>;
  /**
   * Spools delay notice number `n` (`notify-of-delay-every`) for the still-pending `recipients` whose
   * sender asked for one; null when none is due.
   */
  spoolDelayNotice(msg: QueuedMessage, recipients: readonly number[], n: number, lastError: string | null, willRetryUntil: number): Promise<Envelope | null>;
  /** Hands a freshly spooled DSN to the queues. */
  enqueue(envelope: Envelope): void;
  /** Epoch ms this engine started; mail received earlier was recovered from the spool. */
  startedAt(): number;
  /** `notify-of-delay-every` for recipient `index` of `envelope` (0: never). */
  delayEvery(envelope: Envelope, index: number): number;
}

export class Completion implements OutcomeSink {
  /** Per message, the tail of its persistence chain: steps for one message never overlap. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Per message with delay notices, the last notice number each recipient got. */
  private readonly notices = new Map<string, Map<number, number>>();

  constructor(private readonly deps: CompletionDeps) {}

  settle(msg: QueuedMessage, outcomes: readonly RecipientOutcome[], finished: readonly number[]): void {
    for (const o of outcomes) this.deps.record(o.record);
    if (finished.length === 0) return;
    const bounced = outcomes.filter((o) => o.record.type === "b" && o.dsn !== false);
    const relayed = outcomes.filter((o) => relayNoticeDue(msg, o));
    // Decided now, not when the step runs: the in-memory state may already include later outcomes,
    // and only the step that finished the last recipient may remove the message (after every
    // earlier step, which may still need its content for a DSN).
    const last = msg.pendingCount === 0;
    if (last) this.notices.delete(msg.id);
    this.chain(msg, async () => {
      const dsn = bounced.length > 0 ? await this.deps.spoolDsn(msg, bounced) : null;
      const relay = relayed.length > 0 ? await this.deps.spoolDsn(msg, relayed) : null;
      await this.deps.spool.markDone(msg.id, [...finished]);
      if (dsn) this.deps.enqueue(dsn);
      if (relay) this.deps.enqueue(relay);
      if (last) await this.deps.spool.remove(msg.id);
    });
  }

  /**
   * Notice `n` goes to the recipients that have not had it yet, whichever queue reported them first
   * (one message may wait in several). What was sent is known in memory only; after a restart a
   * recipient's notices whose interval began before the start count as sent: the notice of that
   * interval may already be with the sender, and a second copy is worse than a late first one. So a
   * notice is never sent twice, and one due but not yet sent when the process stopped is skipped.
   */
  delayed(msg: QueuedMessage, recipients: readonly number[], n: number, lastError: string | null, willRetryUntil: number): void {
    let sent = this.notices.get(msg.id);
    if (!sent) this.notices.set(msg.id, (sent = new Map()));
    const due: number[] = [];
    for (const index of recipients) {
      const previous = sent.get(index) ?? this.sentBeforeStart(msg, index);
      if (n > previous) due.push(index);
      sent.set(index, Math.max(n, previous));
    }
    if (due.length === 0) return;
    this.chain(msg, async () => {
      const notice = await this.deps.spoolDelayNotice(msg, due, n, lastError, willRetryUntil);
      if (notice) this.deps.enqueue(notice);
    });
  }

  schedule(msg: QueuedMessage, failures: number, dueAt: number): void {
    this.deps.spool.setSchedule(msg.id, failures, dueAt);
  }

  /** Resolves when every persistence step started so far has finished. */
  async drain(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Notices a recipient of a message recovered from the spool may have had before this start. */
  private sentBeforeStart(msg: QueuedMessage, index: number): number {
    const startedAt = this.deps.startedAt();
    const age = startedAt - msg.envelope.receivedAt;
    const every = this.deps.delayEvery(msg.envelope, index);
    return age > 0 && every > 0 ? Math.floor(age / every) : 0;
  }

  private chain(msg: QueuedMessage, step: () => Promise<void>): void {
    const id = msg.id;
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous
      .then(step)
      .catch((err: unknown) => {
        // The recipients stay pending on disk, so the worst case is a repeat delivery after a
        // restart; the message itself is never lost.
        this.deps.logger.error("could not persist delivery outcome", { id, error: String(err) });
      })
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }
}

/**
 * NOTIFY=SUCCESS for a delivered recipient: a next hop that supports DSN was handed the NOTIFY (the
 * transaction passes it on, transaction.ts) and reports delivery itself; one that does not cannot,
 * so Hermod reports the relay (RFC 3461 §5.2.2).
 */
function relayNoticeDue(msg: QueuedMessage, o: RecipientOutcome): boolean {
  if (o.record.type !== "d" || o.record.dlvEsmtpAvailable.split(",").includes("DSN")) return false;
  return dsnWanted(msg.envelope, o.index, "relayed");
}

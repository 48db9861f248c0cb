/**
 * Makes delivery outcomes durable, in the order that keeps the spool's promises:
 * accounting records first (buffered, off the hot path), then for bounces the DSN is spooled
 * (durably, with `dsnFor` naming the recipients it reports), then the recipients are marked done in
 * the journal, then the DSN is queued, and the message leaves the spool once nothing is pending.
 *
 * A crash between any two steps leaves either a recipient still pending (it is retried) or a DSN in
 * the spool that recovery matches to its recipients: never a lost bounce, never two DSNs.
 */

import type { Logger } from "../ports";
import type { AcctRecord } from "../records/acct-record";
import type { Envelope, Spool } from "../spool/spool";
import type { OutcomeSink, RecipientOutcome } from "./queue-manager";
import type { QueuedMessage } from "./queued-message";

export interface CompletionDeps {
  spool: Spool;
  logger: Logger;
  /** Receives every accounting record (d, b, t). Must not block. */
  record(record: AcctRecord): void;
  /**
   * Spools a DSN reporting `bounced` recipients of `msg` when the sender asked for one, and returns
   * its envelope once durable, or null when no DSN is due (null sender, NOTIFY=NEVER, a DSN itself).
   */
  spoolDsn(msg: QueuedMessage, bounced: readonly RecipientOutcome[]): Promise<Envelope | null>;
  /** Hands a freshly spooled DSN to the queues. */
  enqueue(envelope: Envelope): void;
}

export class Completion implements OutcomeSink {
  /** Per message, the tail of its persistence chain: steps for one message never overlap. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: CompletionDeps) {}

  settle(msg: QueuedMessage, outcomes: readonly RecipientOutcome[], finished: readonly number[]): void {
    for (const o of outcomes) this.deps.record(o.record);
    if (finished.length === 0) return;
    const bounced = outcomes.filter((o) => o.record.type === "b");
    // Decided now, not when the step runs: the in-memory state may already include later outcomes,
    // and only the step that finished the last recipient may remove the message (after every
    // earlier step, which may still need its content for a DSN).
    const last = msg.pendingCount === 0;
    this.chain(msg, async () => {
      const dsn = bounced.length > 0 ? await this.deps.spoolDsn(msg, bounced) : null;
      await this.deps.spool.markDone(msg.id, [...finished]);
      if (dsn) this.deps.enqueue(dsn);
      if (last) await this.deps.spool.remove(msg.id);
    });
  }

  schedule(msg: QueuedMessage, failures: number, dueAt: number): void {
    this.deps.spool.setSchedule(msg.id, failures, dueAt);
  }

  /** Resolves when every persistence step started so far has finished. */
  async drain(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
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

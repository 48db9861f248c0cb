/**
 * What the queue manager needs from the rest of the engine: settings, the limits that live outside a
 * queue, a way to open connections, and where delivery outcomes are persisted.
 */

import type { DomainSettings, Rate } from "../config/types";
import type { Clock, Logger } from "../ports";
import type { AcctRecord } from "../records/acct-record";
import type { ModeChange } from "../shaping/backoff";
import type { DeliveryQueue } from "./delivery-queue";
import type { QueueHolds } from "./queue-holds";
import type { QueuePauses } from "./queue-pauses";
import type { SourceDisables } from "./source-disables";
import type { QueueEntry, QueuedMessage } from "./queued-message";

/** A recipient's outcome of one attempt, with the accounting record that describes it. */
export interface RecipientOutcome {
  index: number;
  record: AcctRecord;
  /** false: no DSN for this bounce whatever the sender asked (an operator's delete without --dsn). */
  dsn?: false;
}

/** Persists outcomes: records, DSNs, journal, removal. Implemented by `completion.ts`. */
export interface OutcomeSink {
  /** Called once per settled batch; `finished` are the recipient indexes now done (d or b). */
  settle(msg: QueuedMessage, outcomes: readonly RecipientOutcome[], finished: readonly number[]): void;
  /** Schedule persistence for a message with recipients still pending. */
  schedule(msg: QueuedMessage, failures: number, dueAt: number): void;
  /** `notify-of-delay-every` came round again for these still-pending recipients (notice number `n`). */
  delayed(msg: QueuedMessage, recipients: readonly number[], n: number, lastError: string | null, willRetryUntil: number): void;
}

export interface QueueManagerDeps {
  clock: Clock;
  logger: Logger;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /** Builds the `b` record for a recipient whose queue lifetime ran out. */
  expiryRecord(entry: QueueEntry, index: number): AcctRecord;
  outcomes: OutcomeSink;
  /** Queue retry holds kept across restarts (queue-holds.ts); none in unit tests. */
  holds?: Pick<QueueHolds, "restored" | "set">;
  /** Queues and jobs an operator paused (queue-pauses.ts); none in unit tests. */
  pauses?: Pick<QueuePauses, "queuePaused" | "jobPaused">;
  /** Source addresses disabled per queue, kept across restarts (source-disables.ts); none in unit tests. */
  disables?: Pick<SourceDisables, "restoreInto" | "queues">;
  /** Asked to open one more connection for a queue. */
  openConnection(queue: DeliveryQueue): void;
  /** Global cap on outbound connections (`total-max-smtp-out`). */
  totalMaxSmtpOut(): number;
  /** A VirtualMTA's own `max-smtp-out` across its queues (Infinity when it sets none). */
  vmtaMaxSmtpOut(vmta: string): number;
  /** The `max-smtp-msg-rate` of a VirtualMTA across its queues, or of a pool (null: unlimited). */
  vmtaMsgRate(name: string): Rate | null;
  /** The startup ramp's current factor (1 when none runs). */
  rampFactor(): number;
  /** The VirtualMTA a `backoff-reroute-to-virtual-mta` name stands for now (a pool picks a member). */
  rerouteTarget(name: string): string;
  onModeChange(queue: DeliveryQueue, change: ModeChange): void;
}

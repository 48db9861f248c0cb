/**
 * The engine's command and query facade, as the console and the server see it.
 */

import type { MtaConfig } from "./config/types";
import type { MtaEventBus } from "./events";

export interface QueueSnapshot {
  /** `domain/vmta`. */
  key: string;
  domain: string;
  vmta: string;
  /** Recipients waiting (not yet done) in this queue. */
  recipients: number;
  messages: number;
  bytes: number;
  /** Epoch ms of the oldest queued message, null when empty. */
  oldestQueuedAt: number | null;
  activeConnections: number;
  /** Epoch ms of the next scheduled attempt, null when something is ready now or the queue is empty. */
  nextAttemptAt: number | null;
  /** The last transient or permanent error reply seen on this queue, if any. */
  lastError: string | null;
  /** normal or backoff, since when, and the reply (or reason) that caused it. */
  mode: "normal" | "backoff";
  modeSince: number;
  modeReason: string | null;
}

export interface MtaCounters {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
}

export interface MtaSnapshot {
  at: number;
  startedAt: number;
  queues: QueueSnapshot[];
  totals: { queuedRecipients: number; queuedMessages: number; spoolBytes: number };
  connections: { smtpIn: number; smtpOut: number };
  /** Since this process started; the console adds persisted history. */
  counters: MtaCounters;
}

export interface MtaHandle {
  readonly events: MtaEventBus;
  /** Starts listeners and delivery after recovering the spool. */
  start(): Promise<void>;
  /**
   * Graceful stop: listeners stop accepting and answer 421, spool writes in flight finish, deliveries
   * in flight get `graceMs` to end, then connections close. Safe to call twice.
   */
  stop(graceMs?: number): Promise<void>;
  /** Replaces the running config atomically; on error the running config stays. */
  reload(config: MtaConfig): Promise<void>;
  snapshot(): MtaSnapshot;
  /**
   * Sets a queue's mode, as `pmta set queue --mode=normal|backoff` does: `queue` is `domain/vmta`
   * (`domain` alone means `{default}`). The change is a queue-mode event with cause "operator"; false
   * when no such queue exists (a queue exists while it holds mail or is in backoff).
   */
  setQueueMode(queue: string, mode: "normal" | "backoff"): Promise<boolean>;
}

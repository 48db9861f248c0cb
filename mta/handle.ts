/**
 * The engine's command and query facade, as the console and the server see it.
 */

import type { MtaConfig } from "./config/types";
import type { MtaEventBus } from "./events";
import type { SuppressionListInfo, SuppressionValue } from "./suppression/suppression-index";

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
  /** Paused by an operator (`pauseQueue`). */
  paused: boolean;
  /** Source addresses taken out of this queue (an operator or `disable-source-ip`); `until` null: until enabled. */
  disabledSources: { ip: string; until: number | null; reason: string | null }[];
  /** Connections this queue may open now (max-smtp-out, or backoff-max-smtp-out in backoff, ramped). */
  maxSmtpOut: number;
  /**
   * Recipients attempted in the last 60 s, against the queue's effective max-msg-rate (backoff's in
   * backoff): `limit` as configured ("120/m"), `limitPerMinute` the same per minute; both null: unlimited.
   */
  rate: { lastMinute: number; limit: string | null; limitPerMinute: number | null };
}

/** A job with mail queued, or paused (`pmta show jobs`). */
export interface JobSnapshot {
  id: string;
  /** Recipients of this job's messages still waiting, in every queue. */
  recipients: number;
  messages: number;
  paused: boolean;
}

/** `pmta list`: which waiting recipients to show; unset filters match everything. */
export interface ListRecipientsFilter {
  queue?: string;
  jobId?: string;
  /** Envelope sender / recipient, compared case-insensitively. */
  orig?: string;
  rcpt?: string;
  olderThanMs?: number;
  /** At most this many (the engine caps it at 10,000). */
  maxItems: number;
}

/** One waiting recipient (`pmta list`). */
export interface QueuedRecipient {
  rcpt: string;
  orig: string;
  /** `domain/vmta`. */
  queue: string;
  messageId: string;
  jobId: string;
  envId: string;
  /** Epoch ms the message was received. */
  queuedAt: number;
  size: number;
  /** Failed attempts so far for this recipient. */
  attempts: number;
  /** Epoch ms of its next attempt, null when due now or in flight. */
  nextAttemptAt: number | null;
}

/** One effective setting of a queue and where it came from (`pmta show settings domain/vmta`). */
export interface EffectiveSetting {
  directive: string;
  /** As the config spells it ("120/m", "1m,5m", "yes"). */
  value: string;
  /** "default", or the block that set it: "<domain *> hermod.conf:12", "<virtual-mta v1> <domain x> hermod.conf:30". */
  from: string;
}

/** `pmta delete`: which waiting recipients go; unset filters match everything. */
export interface DeleteRecipientsFilter {
  /** `domain/vmta`, or `domain` for `{default}`. */
  queue?: string;
  jobId?: string;
  /** The envelope sender, compared case-insensitively. */
  sender?: string;
  /** Only messages received at least this long ago. */
  olderThanMs?: number;
  /** Whether senders get a DSN (`--dsn`); a `b` record is written either way. */
  dsn: boolean;
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
  /** Jobs with queued mail or paused, most recipients first. */
  jobs: JobSnapshot[];
  /** The configured pools and their member VirtualMTAs. */
  pools: { name: string; members: string[] }[];
  /** Every configured VirtualMTA (also those without queued mail), with its source addresses. */
  vmtas: { name: string; sourceIps: string[] }[];
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
  /**
   * `pmta pause queue`: the queue opens no new connection and hands open ones no more mail (a
   * transaction under way finishes); new mail for it still queues. Kept across restarts. False when
   * no such queue exists.
   */
  pauseQueue(queue: string): Promise<boolean>;
  /** `pmta resume queue`: delivers at once; false when the queue neither exists nor was paused. */
  resumeQueue(queue: string): Promise<boolean>;
  /**
   * `pmta pause job`: recipients of messages with this `jobId` wait, in every queue, until it
   * resumes; kept across restarts. False when no queued message has that job.
   */
  pauseJob(jobId: string): Promise<boolean>;
  /** `pmta resume job`; false when the job was not paused. */
  resumeJob(jobId: string): Promise<boolean>;
  /** `pmta schedule`: the queue leaves retry mode and its waiting recipients are due now. */
  retryNow(queue: string): Promise<boolean>;
  /** `pmta disable source`: `ip` opens no connection for `queue` until enabled, or for `reenableAfterMs`. */
  disableSource(ip: string, queue: string, reenableAfterMs?: number): Promise<boolean>;
  /** `pmta enable source`; false when the queue does not exist or `ip` was not disabled for it. */
  enableSource(ip: string, queue: string): Promise<boolean>;
  /**
   * `pmta delete`: bounces matching waiting recipients (not those in flight) with a `b` record
   * (5.0.0, "deleted by operator", category other), and a DSN only when `dsn`; resolves to how many.
   */
  deleteRecipients(filter: DeleteRecipientsFilter): Promise<number>;
  /** `pmta list`: waiting recipients matching the filter, oldest first, at most `maxItems`. */
  listRecipients(filter: ListRecipientsFilter): Promise<QueuedRecipient[]>;
  /**
   * `pmta show settings domain[/vmta]`: the queue's effective settings with where each came from; works
   * for any domain/vmta, queued or not. Null when the VirtualMTA does not exist.
   */
  queueSettings(queue: string): Promise<EffectiveSetting[] | null>;
  /** Replaces the suppression lists' names and scopes (entries of lists that remain are kept). */
  setSuppressionLists(lists: SuppressionListInfo[]): Promise<void>;
  /** Adds entries to a list (a delta); resolves to how many were new. */
  addSuppressionEntries(listId: number, values: SuppressionValue[]): Promise<number>;
  /** Removes entries from a list, or all of them when `values` is absent; resolves to how many. */
  removeSuppressionEntries(listId: number, values?: SuppressionValue[]): Promise<number>;
}

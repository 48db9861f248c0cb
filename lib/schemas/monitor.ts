/** What the monitor sends to the console (SSE, polling and the first server render). Epoch ms times. */

export interface TCounts {
  received: number;
  delivered: number;
  /** Transient failures (4xx): will be retried. */
  deferred: number;
  /** Permanent failures (5xx). */
  bounced: number;
}

export interface TThroughputPoint extends TCounts {
  /** Start of the minute. */
  minute: number;
}

export interface TQueueRow {
  key: string;
  domain: string;
  vmta: string;
  recipients: number;
  messages: number;
  oldestQueuedAt: number | null;
  activeConnections: number;
  lastError: string | null;
}

export type TEngineStatus =
  | {
      state: "running";
      startedAt: number;
      smtpIn: number;
      smtpOut: number;
      queuedRecipients: number;
      queuedMessages: number;
      spoolBytes: number;
    }
  | { state: "not-running" };

export interface TMonitorSnapshot {
  at: number;
  engine: TEngineStatus;
  /** All time: persisted rollups plus what this process counted since. */
  totals: TCounts;
  queues: TQueueRow[];
  /** One point per minute, oldest first, ending with the current minute. */
  throughput: TThroughputPoint[];
}

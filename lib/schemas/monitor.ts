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

/** In or out over one period, as PowerMTA's status document counts it: recipients, messages, kilobytes. */
export interface TTrafficCounts {
  rcp: number;
  msg: number;
  kb: number;
}

/**
 * Traffic for the status document (`data.status.traffic`) and the monitor's header: `in` is what was
 * received, `out` what was delivered. `total` is all time (persisted rollups plus this process),
 * `sinceStart` this process only, `lastHr` / `lastMin` the trailing 60 minutes / 60 seconds, and
 * `topPerHr` / `topPerMin` the busiest hour / minute seen in the persisted history.
 */
export interface TTraffic {
  total: { in: TTrafficCounts; out: TTrafficCounts };
  sinceStart: { in: TTrafficCounts; out: TTrafficCounts };
  lastHr: { in: TTrafficCounts; out: TTrafficCounts };
  lastMin: { in: TTrafficCounts; out: TTrafficCounts };
  topPerHr: { in: TTrafficCounts; out: TTrafficCounts };
  topPerMin: { in: TTrafficCounts; out: TTrafficCounts };
}

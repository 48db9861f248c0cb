/** What the monitor sends to the console (SSE, polling and the first server render). Epoch ms times. */

import { z } from "zod";

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

/** One queue (domain/vmta) in the monitor's top-queues table. */
export interface TQueueRow {
  key: string;
  domain: string;
  vmta: string;
  recipients: number;
  messages: number;
  kb: number;
  oldestQueuedAt: number | null;
  activeConnections: number;
  /** Connections the queue may open now (0 until the engine reports it). */
  maxConnections: number;
  mode: "normal" | "backoff";
  paused: boolean;
  /** Recipients attempted in the last 60 s, against the effective max-msg-rate ("120/m"; null: unlimited). */
  rateLastMinute: number;
  rateLimit: string | null;
  rateLimitPerMinute: number | null;
  /** The rate is at (or within 5 % of) its limit. */
  atRateLimit: boolean;
  lastError: string | null;
}

/** Queue health summed over the queues of one VirtualMTA or one pool. */
export interface TQueueGroup {
  name: string;
  /** Pools only: member VirtualMTAs. */
  members?: string[];
  queues: number;
  recipients: number;
  messages: number;
  kb: number;
  oldestQueuedAt: number | null;
  backoffQueues: number;
  pausedQueues: number;
  atRateLimitQueues: number;
  activeConnections: number;
  maxConnections: number;
  rateLastMinute: number;
  /** Sum of the queues' limits per minute; null when any queue is unlimited. */
  rateLimitPerMinute: number | null;
}

/** A job (`pmta show jobs`) with its outcomes over the last 24 hours. */
export interface TJobRow {
  id: string;
  recipients: number;
  messages: number;
  paused: boolean;
  last24h: { delivered: number; deferred: number; bounced: number };
}

/** 4xx (deferred) vs 5xx (bounced) for one destination domain or bounce category. */
export interface TFailureRow {
  key: string;
  deferred: number;
  bounced: number;
}

export interface TFailureBreakdown {
  /** Top destination domains by failures, at most 20. */
  domains: TFailureRow[];
  /** Every bounce category seen, most failures first. */
  categories: TFailureRow[];
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

/** Traffic over one period, in (received) and out (delivered). */
export interface TTrafficPeriod {
  in: TTrafficCounts;
  out: TTrafficCounts;
}

/**
 * What the live feed carries (SSE, polling, first render). Its size does not grow with the number of
 * queues: queues arrive summed per VirtualMTA and per pool plus the top 20.
 */
export interface TMonitorSnapshot {
  at: number;
  engine: TEngineStatus;
  /** All time: persisted rollups plus what this process counted since. */
  totals: TCounts;
  traffic: { lastMin: TTrafficPeriod; lastHr: TTrafficPeriod; sinceStart: TTrafficPeriod };
  /** How many queues the engine holds (the tables below show aggregates and the top ones). */
  queueCount: number;
  vmtas: TQueueGroup[];
  pools: TQueueGroup[];
  /** The 20 queues with most recipients. */
  topQueues: TQueueRow[];
  /** The 20 jobs with most recipients queued. */
  jobs: TJobRow[];
  failures: { lastHour: TFailureBreakdown; last24h: TFailureBreakdown };
  /** One point per minute, oldest first, ending with the current minute. */
  throughput: TThroughputPoint[];
}

/** `GET /api/monitor/hourly`: throughput per hour, all domains or one. */
export interface THourlyPoint extends TCounts {
  /** Start of the hour. */
  hour: number;
}

export interface THourlyThroughput {
  range: "24h" | "7d";
  /** The domain shown, or null for every domain. */
  domain: string | null;
  /** One point per hour of the range, oldest first, ending with the current hour (zeros where nothing happened). */
  points: THourlyPoint[];
  /** The busiest domains of the range, for the picker. */
  topDomains: string[];
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

/** `GET /api/monitor/hourly` query: the range and, optionally, one recipient domain. */
export const ZHourlyQuery = z.strictObject({
  range: z.enum(["24h", "7d"]).default("24h"),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "domain is empty")
    .max(253, "domain is longer than 253 characters")
    .regex(/^[^\s/]+$/, "domain has spaces or slashes")
    .optional(),
});
export type THourlyQuery = z.infer<typeof ZHourlyQuery>;

/**
 * What the engine needs from outside. `lib/` implements these on top of Prisma and the OS; tests pass
 * fakes from `mta/testing`. Nothing here may block the per-message path on a database round trip.
 */

import type { AcctRecord } from "./records/acct-record";

/**
 * Receives accounting records in batches, off the per-message path. The engine buffers records and
 * calls `write` with at most one batch in flight; a rejected promise is logged and the batch retried,
 * so an implementation may fail transiently but must not lose a batch it resolved.
 */
export interface RecordSink {
  write(records: readonly AcctRecord[]): Promise<void>;
}

/** DNS lookups used for MX routing; injectable so tests never touch the network. */
export interface Resolver {
  /** MX records; rejects with a `code` of ENODATA/ENOTFOUND when there are none. */
  resolveMx(domain: string): Promise<{ exchange: string; priority: number }[]>;
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = { now: () => Date.now() };

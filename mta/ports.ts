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
  /**
   * Any record type, as `dns.promises.Resolver#resolve` (TXT as string[][]): the SPF, DKIM, DMARC and
   * ARC lookups of inbound authentication. Without it those checks say temperror.
   */
  resolve?(name: string, rrtype: string): Promise<unknown>;
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

/**
 * Where a recipient is checked: the session's `<source>` (its block name and its `suppression-lists`)
 * and, once the message is routed, its VirtualMTA and job. At RCPT time `vmta` and `jobId` are not
 * known yet (they may come from headers), so only global and source lists apply.
 */
export interface SuppressionScope {
  sourceName?: string;
  /** List names attached by `suppression-lists` (compared case-insensitively). */
  attached: readonly string[];
  vmta?: string;
  jobId?: string;
}

/** In-memory suppression lists (mta/suppression): synchronous, never a database round trip. */
export interface SuppressionLookup {
  /** The name of the first list in `scope` that holds `address` (its address, domain or hash); null when none. */
  find(address: string, scope: SuppressionScope): string | null;
}

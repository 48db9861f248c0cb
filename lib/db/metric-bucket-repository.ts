/**
 * Per-minute rollups per recipient domain (MetricBucket), written by the monitor
 * (lib/mta-host/monitor.ts) every few seconds as increments and kept 48 hours. Reads are over rollups
 * only, never over raw delivery records.
 */

import { getDb, type Db } from "./client";
import { ROLLUP_UPSERT_CHUNK, topPeriod, upsertIncrements, type RollupTable } from "./rollup-upsert";

export interface MetricCounts {
  received: number;
  receivedRcpt: number;
  receivedKb: number;
  delivered: number;
  deliveredKb: number;
  deferred: number;
  bounced: number;
}

/** Counts for one (period, domain); `bucketStart` is epoch ms at the start of the minute (or hour). */
export interface MetricBucketDelta extends MetricCounts {
  bucketStart: number;
  domain: string;
}

export const METRIC_COLUMNS = ["received", "receivedRcpt", "receivedKb", "delivered", "deliveredKb", "deferred", "bounced"] as const satisfies readonly (keyof MetricCounts)[];
export const ZERO_COUNTS: Readonly<MetricCounts> = Object.freeze({ received: 0, receivedRcpt: 0, receivedKb: 0, delivered: 0, deliveredKb: 0, deferred: 0, bounced: 0 });
/** Callers that must yield the thread between writes pass at most this many rows per call. */
export const METRIC_UPSERT_CHUNK = ROLLUP_UPSERT_CHUNK;

const METRIC_TABLE: RollupTable<MetricBucketDelta> = { table: "MetricBucket", timeColumn: "bucketStart", keyColumns: ["domain"], countColumns: METRIC_COLUMNS };
const SELECT = { bucketStart: true, domain: true, received: true, receivedRcpt: true, receivedKb: true, delivered: true, deliveredKb: true, deferred: true, bounced: true } as const;

export function createMetricBucketRepository(db: Db = getDb()) {
  return {
    /**
     * Adds each delta to its bucket (creating it if new), all in one transaction. Raw multi-row
     * `INSERT … ON CONFLICT DO UPDATE` in chunks rather than one Prisma upsert per row: at 10,000
     * domains the upserts held the console's thread for seconds.
     */
    incrementMany(deltas: readonly MetricBucketDelta[]): Promise<void> {
      return upsertIncrements(db, METRIC_TABLE, deltas);
    },

    /** Buckets with `bucketStart >= fromMs`, oldest first. */
    async since(fromMs: number): Promise<MetricBucketDelta[]> {
      const rows = await db.metricBucket.findMany({
        where: { bucketStart: { gte: new Date(fromMs) } },
        orderBy: [{ bucketStart: "asc" }, { domain: "asc" }],
        select: SELECT,
      });
      return rows.map((r) => ({ ...r, bucketStart: r.bucketStart.getTime() }));
    },

    /** Field-wise maximum over the stored minutes of the per-minute sums ("top per minute"). */
    async topMinute(): Promise<MetricCounts> {
      return (await topPeriod(db, METRIC_TABLE)) as unknown as MetricCounts;
    },

    /** Deletes minutes before `beforeMs`; resolves to how many rows went. */
    async pruneBefore(beforeMs: number): Promise<number> {
      return (await db.metricBucket.deleteMany({ where: { bucketStart: { lt: new Date(beforeMs) } } })).count;
    },
  };
}

export type MetricBucketRepository = ReturnType<typeof createMetricBucketRepository>;

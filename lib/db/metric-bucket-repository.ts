/**
 * Per-minute rollups per recipient domain, written by the monitor (lib/mta-host/monitor.ts) every few
 * seconds as increments. Reads are over rollups only, never over raw delivery records.
 */

import { getDb, type Db } from "./client";

export interface MetricCounts {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
}

/** Counts for one (minute, domain); `bucketStart` is epoch ms at the start of the minute. */
export interface MetricBucketDelta extends MetricCounts {
  bucketStart: number;
  domain: string;
}

export const ZERO_COUNTS: Readonly<MetricCounts> = Object.freeze({ received: 0, delivered: 0, deferred: 0, bounced: 0 });

export function createMetricBucketRepository(db: Db = getDb()) {
  return {
    /** Adds each delta to its bucket (creating it if new), all in one transaction. */
    async incrementMany(deltas: readonly MetricBucketDelta[]): Promise<void> {
      if (deltas.length === 0) return;
      await db.$transaction(
        deltas.map((d) => {
          const bucketStart = new Date(d.bucketStart);
          return db.metricBucket.upsert({
            where: { bucketStart_domain: { bucketStart, domain: d.domain } },
            create: { bucketStart, domain: d.domain, received: d.received, delivered: d.delivered, deferred: d.deferred, bounced: d.bounced },
            update: {
              received: { increment: d.received },
              delivered: { increment: d.delivered },
              deferred: { increment: d.deferred },
              bounced: { increment: d.bounced },
            },
            select: { id: true },
          });
        }),
      );
    },

    /** All-time sums over every bucket. */
    async totals(): Promise<MetricCounts> {
      const { _sum } = await db.metricBucket.aggregate({
        _sum: { received: true, delivered: true, deferred: true, bounced: true },
      });
      return {
        received: _sum.received ?? 0,
        delivered: _sum.delivered ?? 0,
        deferred: _sum.deferred ?? 0,
        bounced: _sum.bounced ?? 0,
      };
    },

    /** Buckets with `bucketStart >= fromMs`, oldest first. */
    async since(fromMs: number): Promise<MetricBucketDelta[]> {
      const rows = await db.metricBucket.findMany({
        where: { bucketStart: { gte: new Date(fromMs) } },
        orderBy: [{ bucketStart: "asc" }, { domain: "asc" }],
        select: { bucketStart: true, domain: true, received: true, delivered: true, deferred: true, bounced: true },
      });
      return rows.map((r) => ({ ...r, bucketStart: r.bucketStart.getTime() }));
    },
  };
}

export type MetricBucketRepository = ReturnType<typeof createMetricBucketRepository>;

/**
 * Per-hour rollups per recipient domain (HourBucket), written by the monitor next to the per-minute
 * ones and kept 90 days: the all-time totals, "top per hour", and the hourly throughput chart read
 * them. Received counts sit under the domain "*" (a message has no single recipient domain).
 */

import { getDb, type Db } from "./client";
import { METRIC_COLUMNS, type MetricBucketDelta, type MetricCounts } from "./metric-bucket-repository";
import { topPeriod, upsertIncrements, type RollupTable } from "./rollup-upsert";

const HOUR_TABLE: RollupTable<MetricBucketDelta> = { table: "HourBucket", timeColumn: "hourStart", keyColumns: ["domain"], countColumns: METRIC_COLUMNS };
const SUM = { received: true, receivedRcpt: true, receivedKb: true, delivered: true, deliveredKb: true, deferred: true, bounced: true } as const;

type Sums = { [K in keyof MetricCounts]?: number | null };
const counts = (s: Sums): MetricCounts => ({
  received: s.received ?? 0,
  receivedRcpt: s.receivedRcpt ?? 0,
  receivedKb: s.receivedKb ?? 0,
  delivered: s.delivered ?? 0,
  deliveredKb: s.deliveredKb ?? 0,
  deferred: s.deferred ?? 0,
  bounced: s.bounced ?? 0,
});

/** One hour of the hourly chart. */
export interface HourPoint extends MetricCounts {
  hourStart: number;
}

export function createHourBucketRepository(db: Db = getDb()) {
  return {
    /** `bucketStart` of each delta is the start of its hour. */
    incrementMany(deltas: readonly MetricBucketDelta[]): Promise<void> {
      return upsertIncrements(db, HOUR_TABLE, deltas);
    },

    /** Sums over every stored hour (the retained history: 90 days). */
    async totals(): Promise<MetricCounts> {
      const { _sum } = await db.hourBucket.aggregate({ _sum: SUM });
      return counts(_sum);
    },

    /** Hours with `hourStart >= fromMs`, oldest first, per domain. */
    async since(fromMs: number): Promise<MetricBucketDelta[]> {
      const rows = await db.hourBucket.findMany({
        where: { hourStart: { gte: new Date(fromMs) } },
        orderBy: [{ hourStart: "asc" }, { domain: "asc" }],
        select: { hourStart: true, domain: true, ...SUM },
      });
      return rows.map(({ hourStart, ...r }) => ({ ...r, bucketStart: hourStart.getTime() }));
    },

    /** Per hour since `fromMs`, summed over every domain, or for one domain; hours without rows are absent. */
    async series(fromMs: number, domain?: string): Promise<HourPoint[]> {
      const rows = await db.hourBucket.groupBy({
        by: ["hourStart"],
        where: { hourStart: { gte: new Date(fromMs) }, ...(domain === undefined ? {} : { domain }) },
        _sum: SUM,
        orderBy: { hourStart: "asc" },
      });
      return rows.map((r) => ({ hourStart: r.hourStart.getTime(), ...counts(r._sum) }));
    },

    /** The `limit` recipient domains with the most outcomes (delivered + deferred + bounced) since `fromMs`. */
    async topDomains(fromMs: number, limit: number): Promise<{ domain: string; total: number }[]> {
      const rows = await db.hourBucket.groupBy({
        by: ["domain"],
        where: { hourStart: { gte: new Date(fromMs) }, domain: { not: "*" } },
        _sum: { delivered: true, deferred: true, bounced: true },
      });
      return rows
        .map((r) => ({ domain: r.domain, total: (r._sum.delivered ?? 0) + (r._sum.deferred ?? 0) + (r._sum.bounced ?? 0) }))
        .sort((a, b) => b.total - a.total || a.domain.localeCompare(b.domain))
        .slice(0, limit);
    },

    /** Field-wise maximum over the stored hours of the per-hour sums ("top per hour"). */
    async topHour(): Promise<MetricCounts> {
      return (await topPeriod(db, HOUR_TABLE)) as unknown as MetricCounts;
    },

    async pruneBefore(beforeMs: number): Promise<number> {
      return (await db.hourBucket.deleteMany({ where: { hourStart: { lt: new Date(beforeMs) } } })).count;
    },
  };
}

export type HourBucketRepository = ReturnType<typeof createHourBucketRepository>;

/**
 * Per-minute rollups per recipient domain, written by the monitor (lib/mta-host/monitor.ts) every few
 * seconds as increments. Reads are over rollups only, never over raw delivery records.
 */

import { Prisma } from "@/generated/prisma/client";
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

const COUNT_COLUMNS = ["received", "delivered", "deferred", "bounced"] as const satisfies readonly (keyof MetricCounts)[];
const INSERT_COLUMNS = Prisma.raw(["bucketStart", "domain", ...COUNT_COLUMNS].map((c) => `"${c}"`).join(", "));
const ADD_EXCLUDED = Prisma.raw(COUNT_COLUMNS.map((c) => `"${c}" = "MetricBucket"."${c}" + excluded."${c}"`).join(", "));
/** Rows per statement (3,000 parameters, well under SQLite's and PostgreSQL's limits); callers that must yield the thread between writes pass at most this many. */
export const METRIC_UPSERT_CHUNK = 500;

/**
 * One delta per (minute, domain), summing repeats: PostgreSQL refuses an ON CONFLICT statement that
 * touches the same row twice.
 */
function mergeByBucket(deltas: readonly MetricBucketDelta[]): MetricBucketDelta[] {
  const merged = new Map<string, MetricBucketDelta>();
  for (const d of deltas) {
    const key = `${d.bucketStart}\u0000${d.domain}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...d });
    else for (const c of COUNT_COLUMNS) seen[c] += d[c];
  }
  return [...merged.values()];
}

export function createMetricBucketRepository(db: Db = getDb()) {
  return {
    /**
     * Adds each delta to its bucket (creating it if new), all in one transaction. Raw multi-row
     * `INSERT … ON CONFLICT DO UPDATE` in chunks rather than one Prisma upsert per row: at 10,000
     * domains the upserts held the console's thread for seconds.
     */
    async incrementMany(deltas: readonly MetricBucketDelta[]): Promise<void> {
      const rows = mergeByBucket(deltas);
      if (rows.length === 0) return;
      const statements = [];
      for (let i = 0; i < rows.length; i += METRIC_UPSERT_CHUNK) {
        const values = rows
          .slice(i, i + METRIC_UPSERT_CHUNK)
          .map((d) => Prisma.sql`(${new Date(d.bucketStart)}, ${d.domain}, ${d.received}, ${d.delivered}, ${d.deferred}, ${d.bounced})`);
        statements.push(db.$executeRaw`INSERT INTO "MetricBucket" (${INSERT_COLUMNS}) VALUES ${Prisma.join(values)} ON CONFLICT ("bucketStart", "domain") DO UPDATE SET ${ADD_EXCLUDED}`);
      }
      await db.$transaction(statements);
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

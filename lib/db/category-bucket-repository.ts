/**
 * Per-hour failures per recipient domain and bounce category (CategoryBucket): t records count as
 * deferred (4xx), b records as bounced (5xx). Written by the monitor, kept 90 days.
 */

import { getDb, type Db } from "./client";
import { upsertIncrements, type RollupTable } from "./rollup-upsert";

export interface CategoryBucketDelta {
  /** Start of the hour, epoch ms. */
  bucketStart: number;
  domain: string;
  category: string;
  deferred: number;
  bounced: number;
}

const CATEGORY_TABLE: RollupTable<CategoryBucketDelta> = { table: "CategoryBucket", timeColumn: "hourStart", keyColumns: ["domain", "category"], countColumns: ["deferred", "bounced"] };

export function createCategoryBucketRepository(db: Db = getDb()) {
  return {
    incrementMany(deltas: readonly CategoryBucketDelta[]): Promise<void> {
      return upsertIncrements(db, CATEGORY_TABLE, deltas);
    },

    /** Hours with `hourStart >= fromMs`, oldest first. */
    async since(fromMs: number): Promise<CategoryBucketDelta[]> {
      const rows = await db.categoryBucket.findMany({
        where: { hourStart: { gte: new Date(fromMs) } },
        orderBy: [{ hourStart: "asc" }, { domain: "asc" }, { category: "asc" }],
        select: { hourStart: true, domain: true, category: true, deferred: true, bounced: true },
      });
      return rows.map(({ hourStart, ...r }) => ({ ...r, bucketStart: hourStart.getTime() }));
    },

    async pruneBefore(beforeMs: number): Promise<number> {
      return (await db.categoryBucket.deleteMany({ where: { hourStart: { lt: new Date(beforeMs) } } })).count;
    },
  };
}

export type CategoryBucketRepository = ReturnType<typeof createCategoryBucketRepository>;

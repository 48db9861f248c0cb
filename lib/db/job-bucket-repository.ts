/** Per-hour outcomes per job (JobBucket; "" is mail without a job). Written by the monitor, kept 90 days. */

import { getDb, type Db } from "./client";
import { upsertIncrements, type RollupTable } from "./rollup-upsert";

export interface JobBucketDelta {
  /** Start of the hour, epoch ms. */
  bucketStart: number;
  jobId: string;
  delivered: number;
  deferred: number;
  bounced: number;
}

const JOB_TABLE: RollupTable<JobBucketDelta> = { table: "JobBucket", timeColumn: "hourStart", keyColumns: ["jobId"], countColumns: ["delivered", "deferred", "bounced"] };

export function createJobBucketRepository(db: Db = getDb()) {
  return {
    incrementMany(deltas: readonly JobBucketDelta[]): Promise<void> {
      return upsertIncrements(db, JOB_TABLE, deltas);
    },

    async since(fromMs: number): Promise<JobBucketDelta[]> {
      const rows = await db.jobBucket.findMany({
        where: { hourStart: { gte: new Date(fromMs) } },
        orderBy: [{ hourStart: "asc" }, { jobId: "asc" }],
        select: { hourStart: true, jobId: true, delivered: true, deferred: true, bounced: true },
      });
      return rows.map(({ hourStart, ...r }) => ({ ...r, bucketStart: hourStart.getTime() }));
    },

    async pruneBefore(beforeMs: number): Promise<number> {
      return (await db.jobBucket.deleteMany({ where: { hourStart: { lt: new Date(beforeMs) } } })).count;
    },
  };
}

export type JobBucketRepository = ReturnType<typeof createJobBucketRepository>;

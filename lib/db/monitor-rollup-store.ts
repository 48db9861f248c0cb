/**
 * The monitor's rollup tables behind one small interface (lib/mta-host/monitor.ts `RollupStore`):
 * load the history the live windows need, write drained increments table by table, prune old rows.
 */

import type { RollupHistory, RollupTableName, RollupStore, RollupRows } from "../mta-host/monitor";
import { splitCategoryKey } from "../mta-host/monitor-rollups";
import { HOUR_MS, MINUTE_MS } from "../mta-host/minute-buckets";
import { createCategoryBucketRepository } from "./category-bucket-repository";
import { getDb, type Db } from "./client";
import { createHourBucketRepository } from "./hour-bucket-repository";
import { createJobBucketRepository } from "./job-bucket-repository";
import { createMetricBucketRepository, type MetricBucketDelta } from "./metric-bucket-repository";

const LIVE_MINUTES = 60;
const LIVE_HOURS = 24;

const fromMetric = ({ bucketStart, domain, ...counts }: MetricBucketDelta) => ({ bucketStart, domain, counts });

export function createRollupStore(db: Db = getDb()): RollupStore {
  const minutes = createMetricBucketRepository(db);
  const hours = createHourBucketRepository(db);
  const categories = createCategoryBucketRepository(db);
  const jobs = createJobBucketRepository(db);
  return {
    async load(now) {
      const hourFrom = Math.floor(now / HOUR_MS) * HOUR_MS - (LIVE_HOURS - 1) * HOUR_MS;
      const [m, h, c, j, totals, topMinute, topHour] = await Promise.all([
        minutes.since(Math.floor(now / MINUTE_MS) * MINUTE_MS - (LIVE_MINUTES - 1) * MINUTE_MS),
        hours.since(hourFrom),
        categories.since(hourFrom),
        jobs.since(hourFrom),
        hours.totals(),
        minutes.topMinute(),
        hours.topHour(),
      ]);
      const history: RollupHistory = {
        minutes: m.map(fromMetric),
        hours: h.map(fromMetric),
        categories: c.map(({ bucketStart, domain, category, ...counts }) => ({ bucketStart, domain, category, counts })),
        jobs: j.map(({ bucketStart, jobId, ...counts }) => ({ bucketStart, jobId, counts })),
      };
      return { history, persisted: { totals, topMinute, topHour } };
    },

    async write<T extends RollupTableName>(table: T, rows: RollupRows[T]) {
      switch (table) {
        case "minutes":
          return minutes.incrementMany((rows as RollupRows["minutes"]).map((r) => ({ bucketStart: r.bucketStart, domain: r.key, ...r.counts })));
        case "hours":
          return hours.incrementMany((rows as RollupRows["hours"]).map((r) => ({ bucketStart: r.bucketStart, domain: r.key, ...r.counts })));
        case "categories":
          return categories.incrementMany(
            (rows as RollupRows["categories"]).map((r) => {
              const [domain, category] = splitCategoryKey(r.key);
              return { bucketStart: r.bucketStart, domain, category, ...r.counts };
            }),
          );
        default:
          return jobs.incrementMany((rows as RollupRows["jobs"]).map((r) => ({ bucketStart: r.bucketStart, jobId: r.key, ...r.counts })));
      }
    },

    async prune({ minutesBefore, hoursBefore }) {
      await minutes.pruneBefore(minutesBefore);
      await hours.pruneBefore(hoursBefore);
      await categories.pruneBefore(hoursBefore);
      await jobs.pruneBefore(hoursBefore);
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCategoryBucketRepository } from "./category-bucket-repository";
import { createHourBucketRepository } from "./hour-bucket-repository";
import { createJobBucketRepository } from "./job-bucket-repository";
import { ZERO_COUNTS } from "./metric-bucket-repository";
import { createRollupStore } from "./monitor-rollup-store";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 12);
const zero = { ...ZERO_COUNTS };

describe.each(testProviders())("hour, category and job rollups on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("hour buckets: upsert, totals, series for all or one domain, top domains, busiest hour, prune", async () => {
    const repo = createHourBucketRepository(t.db);
    await repo.incrementMany([
      { bucketStart: T0, domain: "*", ...zero, received: 10, receivedRcpt: 20, receivedKb: 5.5 },
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 8, deliveredKb: 4 },
      { bucketStart: T0, domain: "b.test", ...zero, deferred: 3 },
      { bucketStart: T0 + H, domain: "a.test", ...zero, delivered: 2, bounced: 1 },
    ]);
    await repo.incrementMany([{ bucketStart: T0, domain: "a.test", ...zero, delivered: 1 }]);
    expect(await repo.totals()).toEqual({ ...zero, received: 10, receivedRcpt: 20, receivedKb: 5.5, delivered: 11, deliveredKb: 4, deferred: 3, bounced: 1 });
    expect(await repo.series(T0)).toEqual([
      { hourStart: T0, ...zero, received: 10, receivedRcpt: 20, receivedKb: 5.5, delivered: 9, deliveredKb: 4, deferred: 3 },
      { hourStart: T0 + H, ...zero, delivered: 2, bounced: 1 },
    ]);
    expect(await repo.series(T0, "b.test")).toEqual([{ hourStart: T0, ...zero, deferred: 3 }]);
    expect(await repo.topDomains(T0, 10)).toEqual([
      { domain: "a.test", total: 12 },
      { domain: "b.test", total: 3 },
    ]);
    expect((await repo.topHour()).delivered).toBe(9);
    expect(await repo.since(T0 + H)).toEqual([{ bucketStart: T0 + H, domain: "a.test", ...zero, delivered: 2, bounced: 1 }]);
    expect(await repo.pruneBefore(T0 + H)).toBe(3);
    expect(await repo.series(0)).toHaveLength(1);
  });

  it("category and job buckets: upsert with sums, read back, prune", async () => {
    const categories = createCategoryBucketRepository(t.db);
    const jobs = createJobBucketRepository(t.db);
    await categories.incrementMany([
      { bucketStart: T0, domain: "a.test", category: "quota", deferred: 1, bounced: 0 },
      { bucketStart: T0, domain: "a.test", category: "quota", deferred: 2, bounced: 1 },
      { bucketStart: T0, domain: "a.test", category: "spam-related", deferred: 0, bounced: 4 },
    ]);
    await categories.incrementMany([{ bucketStart: T0, domain: "a.test", category: "quota", deferred: 1, bounced: 0 }]);
    expect(await categories.since(T0)).toEqual([
      { bucketStart: T0, domain: "a.test", category: "quota", deferred: 4, bounced: 1 },
      { bucketStart: T0, domain: "a.test", category: "spam-related", deferred: 0, bounced: 4 },
    ]);
    await jobs.incrementMany([
      { bucketStart: T0, jobId: "", delivered: 1, deferred: 0, bounced: 0 },
      { bucketStart: T0, jobId: "j1", delivered: 5, deferred: 1, bounced: 0 },
    ]);
    await jobs.incrementMany([{ bucketStart: T0, jobId: "j1", delivered: 1, deferred: 0, bounced: 2 }]);
    expect(await jobs.since(T0)).toEqual([
      { bucketStart: T0, jobId: "", delivered: 1, deferred: 0, bounced: 0 },
      { bucketStart: T0, jobId: "j1", delivered: 6, deferred: 1, bounced: 2 },
    ]);
    expect(await categories.pruneBefore(T0 + 1)).toBe(2);
    expect(await jobs.pruneBefore(T0 + 1)).toBe(2);
  });

  it("the monitor's store writes each table and loads its history back, and prunes by age", async () => {
    const store = createRollupStore(t.db);
    const now = T0 + 100 * H + 30 * 60_000;
    const minute = now - 60_000 - (now % 60_000);
    const hour = T0 + 100 * H;
    await store.write("minutes", [{ bucketStart: minute, key: "c.test", counts: { ...zero, delivered: 2 } }]);
    await store.write("hours", [
      { bucketStart: hour, key: "c.test", counts: { ...zero, delivered: 2 } },
      { bucketStart: hour - 30 * H, key: "c.test", counts: { ...zero, delivered: 100 } },
    ]);
    await store.write("categories", [{ bucketStart: hour, key: "c.test\u0000quota", counts: { deferred: 1, bounced: 0 } }]);
    await store.write("jobs", [{ bucketStart: hour, key: "j2", counts: { delivered: 2, deferred: 0, bounced: 0 } }]);
    const { history, persisted } = await store.load(now);
    expect(history.minutes).toEqual([{ bucketStart: minute, domain: "c.test", counts: { ...zero, delivered: 2 } }]);
    // Only the last 24 hours are loaded into the windows; totals are over every stored hour.
    expect(history.hours).toEqual([{ bucketStart: hour, domain: "c.test", counts: { ...zero, delivered: 2 } }]);
    expect(history.categories).toEqual([{ bucketStart: hour, domain: "c.test", category: "quota", counts: { deferred: 1, bounced: 0 } }]);
    expect(history.jobs).toEqual([{ bucketStart: hour, jobId: "j2", counts: { delivered: 2, deferred: 0, bounced: 0 } }]);
    expect(persisted.totals.delivered).toBe(102 + 2); // plus the a.test hour the first test left
    expect(persisted.topHour.delivered).toBe(100);
    expect(persisted.topMinute.delivered).toBe(2);
    await store.prune({ minutesBefore: now, hoursBefore: hour - H });
    const after = await store.load(now);
    expect(after.history.minutes).toEqual([]);
    expect(after.persisted.totals.delivered).toBe(2);
  });
});

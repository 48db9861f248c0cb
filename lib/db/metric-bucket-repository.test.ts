import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricBucketRepository, ZERO_COUNTS } from "./metric-bucket-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

const T0 = Date.UTC(2026, 0, 1, 12, 0);
const MIN = 60_000;
const zero = { ...ZERO_COUNTS };

describe.each(testProviders())("metric buckets on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("upserts increments per (minute, domain), KB included", async () => {
    const repo = createMetricBucketRepository(t.db);
    await repo.incrementMany([
      { bucketStart: T0, domain: "*", ...zero, received: 5, receivedRcpt: 9, receivedKb: 1.5 },
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 3, deliveredKb: 2.25, bounced: 1 },
    ]);
    await repo.incrementMany([
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 2, deliveredKb: 1, deferred: 4 },
      { bucketStart: T0 + MIN, domain: "b.test", ...zero, delivered: 1 },
    ]);
    expect(await repo.since(T0)).toEqual([
      { bucketStart: T0, domain: "*", ...zero, received: 5, receivedRcpt: 9, receivedKb: 1.5 },
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 5, deliveredKb: 3.25, deferred: 4, bounced: 1 },
      { bucketStart: T0 + MIN, domain: "b.test", ...zero, delivered: 1 },
    ]);
    expect(await repo.since(T0 + MIN)).toHaveLength(1);
    // The busiest minute, field by field: T0 has 5 received and 5 delivered, T0+1m 1 delivered.
    expect(await repo.topMinute()).toEqual({ ...zero, received: 5, receivedRcpt: 9, receivedKb: 1.5, delivered: 5, deliveredKb: 3.25, deferred: 4, bounced: 1 });
    await repo.incrementMany([]);
  });

  it("sums repeats of one (minute, domain) within a call and across calls", async () => {
    const repo = createMetricBucketRepository(t.db);
    const at = T0 + 10 * MIN;
    await repo.incrementMany([
      { bucketStart: at, domain: "twice.test", ...zero, delivered: 1, bounced: 2 },
      { bucketStart: at, domain: "twice.test", ...zero, delivered: 3, deferred: 1 },
    ]);
    await repo.incrementMany([{ bucketStart: at, domain: "twice.test", ...zero, received: 7, delivered: 1 }]);
    expect(await repo.since(at)).toEqual([{ bucketStart: at, domain: "twice.test", ...zero, received: 7, delivered: 5, deferred: 1, bounced: 2 }]);
  });

  it("adds to a bucket that Prisma's client created", async () => {
    const repo = createMetricBucketRepository(t.db);
    const at = T0 + 20 * MIN;
    await t.db.metricBucket.create({ data: { bucketStart: new Date(at), domain: "old.test", delivered: 4 } });
    await repo.incrementMany([{ bucketStart: at, domain: "old.test", ...zero, delivered: 6, bounced: 1 }]);
    expect(await repo.since(at)).toEqual([{ bucketStart: at, domain: "old.test", ...zero, delivered: 10, bounced: 1 }]);
  });

  it("writes 2,000 rows in one call, over several statements, and adds to them on the next", async () => {
    const repo = createMetricBucketRepository(t.db);
    const at = T0 + 30 * MIN;
    const deltas = Array.from({ length: 2_000 }, (_, i) => ({ ...zero, bucketStart: at + (i % 2) * MIN, domain: `d${i}.test`, received: 1, delivered: i % 3, deferred: i % 5, bounced: 1 }));
    await repo.incrementMany(deltas);
    await repo.incrementMany(deltas);
    const rows = await repo.since(at);
    expect(rows).toHaveLength(2_000);
    const sum = (rs: typeof deltas, c: "received" | "delivered" | "deferred" | "bounced") => rs.reduce((n, r) => n + r[c], 0);
    for (const c of ["received", "delivered", "deferred", "bounced"] as const) expect(sum(rows, c)).toBe(2 * sum(deltas, c));
    expect(rows.find((r) => r.domain === "d1999.test")).toEqual({ ...deltas[1999], received: 2, delivered: 2, deferred: 8, bounced: 2 });
  });

  it("prunes minutes before a cutoff", async () => {
    const repo = createMetricBucketRepository(t.db);
    const before = (await repo.since(0)).length;
    expect(await repo.pruneBefore(T0 + MIN)).toBe(2);
    const left = await repo.since(0);
    expect(left).toHaveLength(before - 2);
    expect(left.every((r) => r.bucketStart >= T0 + MIN)).toBe(true);
  });
});

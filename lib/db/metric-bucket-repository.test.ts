import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricBucketRepository } from "./metric-bucket-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

const T0 = Date.UTC(2026, 0, 1, 12, 0);
const MIN = 60_000;

describe.each(testProviders())("metric buckets on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("upserts increments per (minute, domain) and sums totals", async () => {
    const repo = createMetricBucketRepository(t.db);
    const zero = { received: 0, delivered: 0, deferred: 0, bounced: 0 };
    await repo.incrementMany([
      { bucketStart: T0, domain: "*", ...zero, received: 5 },
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 3, bounced: 1 },
    ]);
    await repo.incrementMany([
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 2, deferred: 4 },
      { bucketStart: T0 + MIN, domain: "b.test", ...zero, delivered: 1 },
    ]);
    expect(await repo.totals()).toEqual({ received: 5, delivered: 6, deferred: 4, bounced: 1 });
    expect(await repo.since(T0)).toEqual([
      { bucketStart: T0, domain: "*", ...zero, received: 5 },
      { bucketStart: T0, domain: "a.test", ...zero, delivered: 5, deferred: 4, bounced: 1 },
      { bucketStart: T0 + MIN, domain: "b.test", ...zero, delivered: 1 },
    ]);
    expect(await repo.since(T0 + MIN)).toHaveLength(1);
    await repo.incrementMany([]);
  });
});

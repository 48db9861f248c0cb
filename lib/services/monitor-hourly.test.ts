import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHourBucketRepository } from "../db/hour-bucket-repository";
import { ZERO_COUNTS } from "../db/metric-bucket-repository";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";

vi.mock("server-only", () => ({}));
const { getHourlyThroughput } = await import("./monitor-hourly");

const H = 3_600_000;
const NOW = Date.UTC(2026, 0, 8, 12, 30);
const HOUR = Date.UTC(2026, 0, 8, 12);

describe("getHourlyThroughput", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await createHourBucketRepository(t.db).incrementMany([
      { bucketStart: HOUR, domain: "*", ...ZERO_COUNTS, received: 4 },
      { bucketStart: HOUR, domain: "a.test", ...ZERO_COUNTS, delivered: 3 },
      { bucketStart: HOUR - 5 * H, domain: "b.test", ...ZERO_COUNTS, deferred: 2, bounced: 1 },
      { bucketStart: HOUR - 30 * H, domain: "c.test", ...ZERO_COUNTS, delivered: 9 },
    ]);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("pads every hour of the range and sums all domains, or one", async () => {
    const repo = createHourBucketRepository(t.db);
    const day = await getHourlyThroughput({ range: "24h" }, NOW, repo);
    expect(day.points).toHaveLength(24);
    expect(day.points.at(-1)).toEqual({ hour: HOUR, received: 4, delivered: 3, deferred: 0, bounced: 0 });
    expect(day.points.at(-6)).toEqual({ hour: HOUR - 5 * H, received: 0, delivered: 0, deferred: 2, bounced: 1 });
    expect(day.points[0].hour).toBe(HOUR - 23 * H);
    expect(day.topDomains).toEqual(["a.test", "b.test"]);
    const week = await getHourlyThroughput({ range: "7d", domain: "c.test" }, NOW, repo);
    expect(week.points).toHaveLength(168);
    expect(week.domain).toBe("c.test");
    expect(week.points.reduce((n, p) => n + p.delivered, 0)).toBe(9);
    expect(week.topDomains).toEqual(["c.test", "a.test", "b.test"]);
  });
});

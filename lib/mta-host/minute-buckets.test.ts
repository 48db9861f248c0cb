import { describe, expect, it } from "vitest";
import { MINUTE_MS, MinuteBuckets, recipientDomain } from "./minute-buckets";

const T0 = Date.UTC(2026, 0, 1, 12, 0);

describe("recipientDomain", () => {
  it.each([
    ["User@Example.COM", "example.com"],
    ["a@b@c.test", "c.test"],
    ["<x@y.test>", "y.test"],
    ["postmaster", "(none)"],
  ])("%s → %s", (rcpt, domain) => expect(recipientDomain(rcpt)).toBe(domain));
});

describe("MinuteBuckets", () => {
  it("counts per minute and domain, sums the series over domains and pads empty minutes", () => {
    const b = new MinuteBuckets(3);
    b.add(T0 + 5_000, "a.test", "delivered");
    b.add(T0 + 59_999, "b.test", "delivered");
    b.add(T0 + MINUTE_MS, "a.test", "bounced", 2);
    const series = b.series(T0 + 2 * MINUTE_MS + 1);
    expect(series.map((p) => p.minute)).toEqual([T0, T0 + MINUTE_MS, T0 + 2 * MINUTE_MS]);
    expect(series.map((p) => [p.delivered, p.bounced])).toEqual([[2, 0], [0, 2], [0, 0]]);
    expect(b.domainsAt(T0).get("a.test")?.delivered).toBe(1);
    expect(b.live).toEqual({ received: 0, delivered: 2, deferred: 0, bounced: 2 });
  });

  it("drops minutes that leave the window", () => {
    const b = new MinuteBuckets(2);
    b.add(T0, "a.test", "received");
    b.add(T0 + 5 * MINUTE_MS, "a.test", "received"); // a new minute prunes the old one
    expect(b.domainsAt(T0).size).toBe(0);
    expect(b.series(T0 + 5 * MINUTE_MS).map((p) => p.received)).toEqual([0, 1]);
  });

  it("hands out pending deltas once, and takes them back after a failed write", () => {
    const b = new MinuteBuckets(60);
    b.add(T0, "a.test", "delivered");
    b.add(T0 + 1, "a.test", "delivered");
    const first = b.drainPending();
    expect(first).toEqual([{ bucketStart: T0, domain: "a.test", received: 0, delivered: 2, deferred: 0, bounced: 0 }]);
    expect(b.drainPending()).toEqual([]);
    b.add(T0 + 2, "a.test", "delivered");
    b.restore(first);
    expect(b.drainPending()).toEqual([{ bucketStart: T0, domain: "a.test", received: 0, delivered: 3, deferred: 0, bounced: 0 }]);
  });

  it("merges history into the window without counting it as live or pending", () => {
    const b = new MinuteBuckets(60);
    b.mergeHistory([{ bucketStart: T0, domain: "*", received: 7, delivered: 0, deferred: 0, bounced: 0 }]);
    expect(b.series(T0).at(-1)?.received).toBe(7);
    expect(b.live.received).toBe(0);
    expect(b.pendingCount).toBe(0);
  });
});

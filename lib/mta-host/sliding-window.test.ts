import { describe, expect, it } from "vitest";
import { topK, zeroFail } from "./rollup-counts";
import { SlidingWindow } from "./sliding-window";

const T0 = Date.UTC(2026, 0, 1, 12, 0);
const MIN = 60_000;

describe("SlidingWindow", () => {
  it("keeps a running sum per key that drops buckets as they leave the window", () => {
    const w = new SlidingWindow(MIN, 3, zeroFail);
    w.add(T0 + 5_000, "a", { deferred: 1 });
    w.add(T0 + MIN, "a", { bounced: 2 });
    w.add(T0 + MIN, "b", { deferred: 4 });
    expect(w.sums.get("a")).toEqual({ deferred: 1, bounced: 2 });
    w.advance(T0 + 3 * MIN);
    expect(w.sums.get("a")).toEqual({ deferred: 0, bounced: 2 });
    w.advance(T0 + 4 * MIN);
    expect(w.sums.size).toBe(0);
  });

  it("ignores counts for buckets that already left, and pads empty buckets in starts()", () => {
    const w = new SlidingWindow(MIN, 3, zeroFail);
    w.add(T0 + 10 * MIN, "a", { deferred: 1 });
    w.add(T0, "a", { deferred: 100 });
    expect(w.sums.get("a")).toEqual({ deferred: 1, bounced: 0 });
    expect(w.starts(T0 + 10 * MIN)).toEqual([T0 + 8 * MIN, T0 + 9 * MIN, T0 + 10 * MIN]);
    expect(w.at(T0 + 9 * MIN, "a")).toEqual({ deferred: 0, bounced: 0 });
  });
});

describe("topK", () => {
  it("keeps the k highest positive scores, highest first, ties by key", () => {
    const items = [5, 1, 9, 0, 7, 9, 3].map((n, i) => ({ n, k: `k${i}` }));
    expect(topK(items, 3, (x) => x.n, (x) => x.k).map((x) => x.k)).toEqual(["k2", "k5", "k4"]);
    expect(topK(items, 10, (x) => x.n, (x) => x.k)).toHaveLength(6);
  });
});

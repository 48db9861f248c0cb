import { describe, expect, it } from "vitest";
import { clampToExpiry, isExpired, retryInterval } from "./retry-schedule";

const m = 60_000;

describe("retry schedule", () => {
  it("walks the retry-after list and repeats its last interval", () => {
    const list = [1 * m, 5 * m, 20 * m];
    expect([0, 1, 2, 3, 9].map((i) => retryInterval(list, i))).toEqual([1 * m, 5 * m, 20 * m, 20 * m, 20 * m]);
    expect(retryInterval([], 0)).toBe(10 * m);
  });

  it("expires after bounce-after and pulls the last retry in to the expiry time", () => {
    const policy = { bounceAfter: 60 * m };
    expect(isExpired(policy, 0, 60 * m - 1)).toBe(false);
    expect(isExpired(policy, 0, 60 * m)).toBe(true);
    expect(clampToExpiry(policy, 0, 50 * m, 70 * m)).toBe(60 * m);
    expect(clampToExpiry(policy, 0, 50 * m, 55 * m)).toBe(55 * m);
  });
});

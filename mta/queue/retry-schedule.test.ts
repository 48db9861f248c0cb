import { describe, expect, it } from "vitest";
import { isExpired, nextAttempt } from "./retry-schedule";

const m = 60_000;
const policy = { retryAfter: [1 * m, 5 * m, 20 * m], bounceAfter: 24 * 60 * m };

describe("retry schedule", () => {
  it("walks the retry-after list and repeats its last interval", () => {
    expect(nextAttempt(policy, 1, 0, 0)).toEqual({ kind: "retry", dueAt: 1 * m });
    expect(nextAttempt(policy, 2, 0, 10 * m)).toEqual({ kind: "retry", dueAt: 15 * m });
    expect(nextAttempt(policy, 3, 0, 100 * m)).toEqual({ kind: "retry", dueAt: 120 * m });
    expect(nextAttempt(policy, 9, 0, 200 * m)).toEqual({ kind: "retry", dueAt: 220 * m });
  });

  it("expires after bounce-after and tries once more right at the edge", () => {
    expect(nextAttempt(policy, 5, 0, 24 * 60 * m)).toEqual({ kind: "expire" });
    expect(nextAttempt(policy, 5, 0, 24 * 60 * m - 5 * m)).toEqual({ kind: "retry", dueAt: 24 * 60 * m });
    expect(isExpired(policy, 0, 24 * 60 * m - 1)).toBe(false);
    expect(isExpired(policy, 0, 24 * 60 * m)).toBe(true);
  });
});

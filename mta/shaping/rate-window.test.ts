/**
 * The properties the end-to-end rate tests rely on, checked for any input: the limiter never lets
 * more than the rate through in a window (a transaction of k recipients may reach k − 1 past it at
 * the window's edge), it keeps the rate over the long run, and the startup ramp scales every limit.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS } from "../config/defaults";
import { maxInWindow } from "../testing/shaping-rig";
import { effectiveLimits, rampFactor } from "./limits";
import { RateLimiter } from "./rate-limiter";

/** Sends transactions of the given sizes as soon as the limiter allows, from t = 0; one time per unit. */
function unitTimes(limiter: RateLimiter, costs: readonly number[], asks: readonly number[] = []): number[] {
  const times: number[] = [];
  let now = 0;
  costs.forEach((cost, i) => {
    now = limiter.availableAt(Math.max(now, asks[i] ?? 0));
    limiter.take(now, cost);
    for (let k = 0; k < cost; k++) times.push(now);
  });
  return times;
}

describe("rate limiter windows", () => {
  it("holds at most count + (largest transaction − 1) units in any window, whatever the sizes and times", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 100 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 100 }),
        (count, costs, asks) => {
          const times = unitTimes(new RateLimiter({ count, perMs: 1_000 }), costs, [...asks].sort((a, b) => a - b));
          // A hair under the window: spacings like 1000/3 ms put a unit on its far edge, give or take rounding.
          expect(maxInWindow(times, 1_000 - 1e-6)).toBeLessThanOrEqual(count + Math.max(...costs) - 1);
        },
      ),
    );
  });

  it("keeps the configured rate over the long run under a backlog", () => {
    const times = unitTimes(new RateLimiter({ count: 10, perMs: 1_000 }), Array(200).fill(1));
    expect(times[times.length - 1] - times[0]).toBe(199 * 100);
  });

  it("a rate change applies from the next unit on, without forgetting what was booked", () => {
    const limiter = new RateLimiter({ count: 1, perMs: 1_000 });
    limiter.take(0);
    limiter.setRate({ count: 100, perMs: 1_000 });
    expect(limiter.availableAt(0)).toBe(1_000);
    limiter.take(1_000);
    expect(limiter.availableAt(1_000)).toBe(1_010);
  });
});

describe("startup ramp of the limits", () => {
  const ramp = { interval: 4_000, fraction: 0.25 };
  const settings = { ...DEFAULT_DOMAIN_SETTINGS, maxSmtpOut: 8, maxMsgRate: { count: 20, perMs: 1_000 }, maxConnectRate: { count: 4, perMs: 1_000 } };

  it("rises linearly from the fraction to 1 over the interval and stays at 1", () => {
    expect([0, 1_000, 2_000, 4_000, 60_000].map((t) => rampFactor(ramp, t))).toEqual([0.25, 0.4375, 0.625, 1, 1]);
  });

  it("scales max-smtp-out (rounded up, at least 1), max-msg-rate and max-connect-rate, and the backoff ones", () => {
    expect(effectiveLimits(settings, "normal", 0.25)).toMatchObject({ maxSmtpOut: 2, msgRate: { count: 5, perMs: 1_000 }, connectRate: { count: 1, perMs: 1_000 } });
    expect(effectiveLimits({ ...settings, maxSmtpOut: 1 }, "normal", 0.25).maxSmtpOut).toBe(1);
    const backoff = { ...settings, backoffMaxSmtpOut: 4, backoffMaxMsgRate: { count: 8, perMs: 1_000 } };
    expect(effectiveLimits(backoff, "backoff", 0.5)).toMatchObject({ maxSmtpOut: 2, msgRate: { count: 4, perMs: 1_000 } });
  });

  it("never lets the ramped rate run ahead of the fraction's spacing at the start", () => {
    const limiter = new RateLimiter(effectiveLimits(settings, "normal", rampFactor(ramp, 0)).msgRate);
    limiter.take(0);
    expect(limiter.availableAt(0)).toBe(200);
  });
});

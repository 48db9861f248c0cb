import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

/** Sends as fast as the limiter allows from t=0 to `until`, returning the send times. */
function drive(limiter: RateLimiter, until: number, cost = 1): number[] {
  const sent: number[] = [];
  let now = 0;
  while (now <= until) {
    const at = limiter.availableAt(now);
    if (at > until) break;
    now = at;
    limiter.take(now, cost);
    sent.push(now);
  }
  return sent;
}

describe("RateLimiter", () => {
  it("spaces units evenly: 120/m is one every 500 ms", () => {
    const sent = drive(new RateLimiter({ count: 120, perMs: 60_000 }), 60_000);
    expect(sent.length).toBe(121);
    expect(sent.slice(0, 4)).toEqual([0, 500, 1000, 1500]);
  });

  it("never exceeds the rate in any window, whatever the request times", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }), (count, asks) => {
        const perMs = 1_000;
        const limiter = new RateLimiter({ count, perMs });
        const sent: number[] = [];
        for (const ask of [...asks].sort((a, b) => a - b)) {
          const at = limiter.availableAt(ask);
          limiter.take(at);
          sent.push(at);
        }
        sent.sort((a, b) => a - b);
        // No window of perMs holds more than count units (plus the unit at its start).
        for (let i = 0; i < sent.length; i++) {
          const inWindow = sent.filter((t) => t >= sent[i] && t < sent[i] + perMs).length;
          expect(inWindow).toBeLessThanOrEqual(count);
        }
      }),
    );
  });

  it("lets no unit in early through the spacing's rounding (3/s from one instant: 3 in the first second)", () => {
    const limiter = new RateLimiter({ count: 3, perMs: 1_000 });
    const sent: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = limiter.availableAt(3_763);
      limiter.take(at);
      sent.push(at);
    }
    expect(sent[3] - sent[0]).toBeGreaterThanOrEqual(1_000);
  });

  it("charges a transaction of k recipients k spacings", () => {
    const limiter = new RateLimiter({ count: 10, perMs: 1_000 });
    limiter.take(0, 5);
    expect(limiter.availableAt(0)).toBe(500);
  });

  it("is unlimited without a rate and takes a new rate from the next unit", () => {
    const limiter = new RateLimiter(null);
    expect(limiter.unlimited).toBe(true);
    limiter.take(100);
    expect(limiter.availableAt(100)).toBe(100);
    limiter.setRate({ count: 1, perMs: 1_000 });
    limiter.take(100);
    expect(limiter.availableAt(100)).toBe(1_100);
  });
});

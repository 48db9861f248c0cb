/**
 * The startup ramp end to end: right after a start, a queue's rate and connection limits are the
 * configured fraction of their values, rise linearly, and are whole once the interval has passed.
 */

import { describe, expect, it } from "vitest";
import { expectRateKept, maxOpenAtOnce, recipientsIn, rigPerTest, transactionTimes } from "../testing/shaping-rig";

const rig = rigPerTest();

const INTERVAL_MS = 3_000;
const FRACTION = 0.25;
const ramp = [`startup-ramp-interval ${INTERVAL_MS / 1_000}s`, `startup-ramp-fraction ${FRACTION}`];

/** Messages a rate of `perSecond` lets through in the first `t` ms after the start, ramp included. */
function rampedAllowance(perSecond: number, t: number): number {
  const during = Math.min(t, INTERVAL_MS) / 1_000;
  const ramped = perSecond * (FRACTION * during + ((1 - FRACTION) * during * during) / (2 * (INTERVAL_MS / 1_000)));
  return ramped + perSecond * Math.max(0, (t - INTERVAL_MS) / 1_000);
}

describe("startup ramp", () => {
  it("starts max-msg-rate at the fraction, raises it over the interval, then holds the full rate", async () => {
    const r = await rig({ global: ramp, blocks: ["<domain ramp.test>\n    max-msg-rate 12/s\n</domain>"] });
    const startedAt = r.h.mta.snapshot().startedAt;
    await r.sendAll(recipientsIn(["ramp.test"], 40));
    await r.sink.waitFor(40, 10_000);
    const times = transactionTimes(r.sink, "ramp.test");
    // Never ahead of what the ramped rate allows (one message of slack for the boundary).
    times.forEach((t, i) => expect(i + 1, `message ${i + 1} at ${t - startedAt} ms`).toBeLessThanOrEqual(rampedAllowance(12, t - startedAt) + 1));
    // The first spacing is that of the ramped rate at the time (3/s at the start: 333 ms), not 83 ms.
    const factor = FRACTION + ((1 - FRACTION) * (times[0] - startedAt)) / INTERVAL_MS;
    expect(factor).toBeLessThan(0.6);
    expect(times[1] - times[0]).toBeGreaterThan((0.8 * 1_000) / (12 * factor));
    expect(times[1] - times[0]).toBeLessThan((1.2 * 1_000) / (12 * factor));
    expectRateKept(
      times.filter((t) => t - startedAt >= INTERVAL_MS),
      { count: 12, perMs: 1_000 },
    );
  });

  it("starts max-smtp-out at the fraction and opens the full number once the ramp is over", async () => {
    const r = await rig({ global: ramp, sink: { plan: { default: { data: { delayMs: 400 } } } }, blocks: ["<domain ramp.test>\n    max-smtp-out 8\n</domain>"] });
    const startedAt = r.h.mta.snapshot().startedAt;
    await r.sendAll(recipientsIn(["ramp.test"], 40));
    await r.sink.waitFor(40, 15_000);
    const early = r.sink.connections.filter((c) => c.openedAt - startedAt < 500);
    expect(maxOpenAtOnce(early)).toBeLessThanOrEqual(Math.ceil(8 * FRACTION * 1.2));
    expect(maxOpenAtOnce(r.sink.connections)).toBe(8);
  });
});

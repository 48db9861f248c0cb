import { describe, expect, it } from "vitest";
import type { DomainSettings } from "../config/types";
import { effectiveLimits, rampFactor } from "./limits";

const settings = {
  maxSmtpOut: 20,
  backoffMaxSmtpOut: 2,
  maxMsgRate: { count: 600, perMs: 60_000 },
  backoffMaxMsgRate: { count: 60, perMs: 60_000 },
  maxConnectRate: null,
  backoffMaxConnectRate: { count: 10, perMs: 60_000 },
  retryAfter: [60_000, 300_000],
  backoffRetryAfter: [3_600_000],
} as unknown as DomainSettings;

describe("effective limits", () => {
  it("swaps in the backoff limits in backoff", () => {
    expect(effectiveLimits(settings, "normal")).toEqual({ maxSmtpOut: 20, msgRate: settings.maxMsgRate, connectRate: null, retryAfter: [60_000, 300_000] });
    expect(effectiveLimits(settings, "backoff")).toEqual({ maxSmtpOut: 2, msgRate: settings.backoffMaxMsgRate, connectRate: settings.backoffMaxConnectRate, retryAfter: [3_600_000] });
  });

  it("ramps limits from the configured fraction to full after a start", () => {
    const ramp = { interval: 600_000, fraction: 0.1 };
    expect(rampFactor(ramp, 0)).toBeCloseTo(0.1);
    expect(rampFactor(ramp, 300_000)).toBeCloseTo(0.55);
    expect(rampFactor(ramp, 600_000)).toBe(1);
    expect(rampFactor(null, 0)).toBe(1);
    const early = effectiveLimits(settings, "normal", 0.1);
    expect(early.maxSmtpOut).toBe(2);
    expect(early.msgRate).toEqual({ count: 60, perMs: 60_000 });
    expect(effectiveLimits({ ...settings, maxSmtpOut: 1 }, "normal", 0.1).maxSmtpOut).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { BackoffState } from "./backoff";

const reply = "421 4.7.0 rate limited, try again later";

describe("BackoffState", () => {
  it("enters backoff on a rule and returns to normal after backoff-to-normal-after", () => {
    const s = new BackoffState();
    expect(s.enterBackoff(1_000, reply, { toNormalAfter: 60_000, toNormalAfterDelivery: false })).toEqual({ mode: "backoff", at: 1_000, reason: reply, cause: "reply" });
    expect(s.mode).toBe("backoff");
    expect(s.tick(60_999)).toBeNull();
    expect(s.tick(61_000)).toMatchObject({ mode: "normal", cause: "timer" });
    expect(s.mode).toBe("normal");
  });

  it("restarts the timer on further matches without a second change", () => {
    const s = new BackoffState();
    s.enterBackoff(0, reply, { toNormalAfter: 10_000, toNormalAfterDelivery: false });
    expect(s.enterBackoff(8_000, reply, { toNormalAfter: 10_000, toNormalAfterDelivery: false })).toBeNull();
    expect(s.tick(10_000)).toBeNull();
    expect(s.toNormalAt).toBe(18_000);
    expect(s.tick(18_000)).toMatchObject({ mode: "normal" });
  });

  it("stays in backoff without a timer until a delivery, a rule or an operator ends it", () => {
    const s = new BackoffState();
    s.enterBackoff(0, reply, { toNormalAfter: null, toNormalAfterDelivery: false });
    expect(s.tick(1e12)).toBeNull();
    expect(s.onDelivery(5)).toBeNull();
    expect(s.toNormal(6, "set by admin", "operator")).toMatchObject({ mode: "normal", cause: "operator", reason: "set by admin" });
    s.enterBackoff(10, reply, { toNormalAfter: null, toNormalAfterDelivery: true });
    expect(s.onDelivery(20)).toMatchObject({ mode: "normal", cause: "delivery" });
    expect(s.toNormal(30, "again", "reply")).toBeNull();
  });
});

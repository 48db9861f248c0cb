import { describe, expect, it } from "vitest";
import { AttemptCounter, REPLIES, TrailingRate, closesAfter, greylist, parseReply, ruleFor, stepAt, type SinkPlan } from "./sink-plan";

describe("sink plan", () => {
  const plan: SinkPlan = {
    default: { rcpt: { reply: "451 4.3.0 default" } },
    domains: { "Full.Test": { data: { reply: REPLIES.mailboxFull } } },
    recipients: { "vip@full.test": { rcpt: {} } },
  };

  it("picks the recipient's rule, else its domain's, else the default, case-insensitively", () => {
    expect(ruleFor(plan, "VIP@full.test")).toEqual({ rcpt: {} });
    expect(ruleFor({ domains: { "full.test": { rcpt: {} } } }, "a@FULL.test")).toEqual({ rcpt: {} });
    expect(ruleFor(plan, "a@other.test")).toBe(plan.default);
    expect(ruleFor({}, "a@other.test")).toBeUndefined();
  });

  it("indexes step lists by attempt, the last one repeating", () => {
    const steps = greylist(2);
    expect(stepAt(steps, 0)).toEqual({ reply: REPLIES.greylisted });
    expect(stepAt(steps, 1)).toEqual({ reply: REPLIES.greylisted });
    expect(stepAt(steps, 2)).toEqual({});
    expect(stepAt(steps, 9)).toEqual({});
    expect(stepAt({ delayMs: 5 }, 3)).toEqual({ delayMs: 5 });
    expect(stepAt(undefined, 0)).toEqual({});
    expect(stepAt([], 0)).toEqual({});
  });

  it("parses replies and closes after a 421 unless told not to", () => {
    expect(parseReply("421 4.7.0 rate limited, try again later")).toEqual({ code: 421, text: "4.7.0 rate limited, try again later" });
    expect(parseReply("250")).toEqual({ code: 250, text: "" });
    expect(parseReply("nonsense")).toEqual({ code: 550, text: "nonsense" });
    expect(closesAfter({ reply: REPLIES.rateLimited })).toBe(true);
    expect(closesAfter({ reply: REPLIES.rateLimited, close: false })).toBe(false);
    expect(closesAfter({ reply: REPLIES.userUnknown })).toBe(false);
    expect(closesAfter({ reply: REPLIES.userUnknown, close: true })).toBe(true);
  });

  it("counts attempts per sender and recipient", () => {
    const counter = new AttemptCounter();
    expect(counter.next("a@src.test", "x@dst.test")).toBe(0);
    expect(counter.next("A@src.test", "X@dst.test")).toBe(1);
    expect(counter.next("b@src.test", "x@dst.test")).toBe(0);
  });

  it("counts accepted messages over a trailing second", () => {
    const rate = new TrailingRate(1_000);
    rate.add("d.test", 1_000);
    rate.add("d.test", 1_500);
    expect(rate.count("d.test", 1_999)).toBe(2);
    expect(rate.count("d.test", 2_000)).toBe(1);
    expect(rate.count("other.test", 2_000)).toBe(0);
  });
});

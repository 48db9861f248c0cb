import { afterEach, describe, expect, it, vi } from "vitest";
import type { DomainSettings } from "../config/types";
import type { ModeChange } from "../shaping/backoff";
import { DeliveryQueue } from "./delivery-queue";
import { QueueModes } from "./queue-modes";

const reply = "421 4.7.0 rate limited";

function rig(settings: Partial<DomainSettings>) {
  vi.useFakeTimers({ now: 0 });
  const changes: [string, ModeChange][] = [];
  const modes = new QueueModes({
    clock: { now: () => Date.now() },
    settingsFor: () => ({ backoffToNormalAfter: null, backoffToNormalAfterDelivery: false, ...settings }) as DomainSettings,
    rerouteTarget: (name) => (name === "pool" ? "member" : name),
    changed: (q, c) => changes.push([q.key, c]),
  });
  return { modes, changes, queue: (domain = "d.test") => new DeliveryQueue(`${domain}/v`, domain, "v") };
}

afterEach(() => vi.useRealTimers());

describe("QueueModes", () => {
  it("returns a queue to normal after the domain's backoff-to-normal-after, ticking only while a queue is in backoff", () => {
    const { modes, changes, queue } = rig({ backoffToNormalAfter: 3_000 });
    const q = queue();
    expect(vi.getTimerCount()).toBe(0);
    modes.enterBackoff(q, reply);
    expect(changes).toEqual([["d.test/v", { mode: "backoff", at: 0, reason: reply, cause: "reply" }]]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(2_999);
    expect(changes).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(changes[1]).toEqual(["d.test/v", { mode: "normal", at: 3_000, reason: "backoff-to-normal-after elapsed", cause: "timer" }]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets the rule's backoff-to-normal-after= win over the domain's", () => {
    const { modes, changes, queue } = rig({ backoffToNormalAfter: 60_000 });
    modes.enterBackoff(queue(), reply, 2_000);
    vi.advanceTimersByTime(2_000);
    expect(changes.map(([, c]) => [c.mode, c.at])).toEqual([
      ["backoff", 0],
      ["normal", 2_000],
    ]);
  });

  it("stays in backoff without a timer until a delivery (with backoff-to-normal-after-delivery), a rule or an operator", () => {
    const { modes, changes, queue } = rig({ backoffToNormalAfterDelivery: true });
    const a = queue("a.test");
    const b = queue("b.test");
    modes.enterBackoff(a, reply);
    modes.enterBackoff(b, reply, undefined, "operator");
    vi.advanceTimersByTime(3_600_000);
    expect(changes.map(([k, c]) => [k, c.mode, c.cause])).toEqual([
      ["a.test/v", "backoff", "reply"],
      ["b.test/v", "backoff", "operator"],
    ]);
    modes.delivered(a);
    modes.toNormal(b, "set by operator", "operator");
    modes.toNormal(b, "again", "reply");
    expect(changes.slice(2).map(([k, c]) => [k, c.mode, c.cause])).toEqual([
      ["a.test/v", "normal", "delivery"],
      ["b.test/v", "normal", "operator"],
    ]);
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not return to normal at a delivery without backoff-to-normal-after-delivery; a second match restarts the timer without a second event", () => {
    const { modes, changes, queue } = rig({ backoffToNormalAfter: 5_000 });
    const q = queue();
    modes.enterBackoff(q, reply);
    modes.delivered(q);
    vi.advanceTimersByTime(4_000);
    modes.enterBackoff(q, reply);
    vi.advanceTimersByTime(4_000);
    expect(changes).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(changes[1][1]).toMatchObject({ mode: "normal", at: 9_000 });
  });

  it("reroutes a queue's mail only while it is in backoff, through a pool's member, never to itself", () => {
    const { modes, queue } = rig({ backoffRerouteToVirtualMta: "pool" });
    const q = queue();
    expect(modes.rerouteOf(q)).toBeNull();
    modes.enterBackoff(q, reply);
    expect(modes.rerouteOf(q)).toBe("member");
    expect(modes.rerouteOf(undefined)).toBeNull();
    const self = new DeliveryQueue("d.test/member", "d.test", "member");
    modes.enterBackoff(self, reply);
    expect(modes.rerouteOf(self)).toBeNull();
    modes.toNormal(q, "set by operator", "operator");
    expect(modes.rerouteOf(q)).toBeNull();
    modes.stop();
  });
});

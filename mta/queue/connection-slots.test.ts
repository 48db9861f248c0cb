import { describe, expect, it } from "vitest";
import { ConnectionSlots, wantsConnection } from "./connection-slots";
import { DeliveryQueue } from "./delivery-queue";
import { LimitGroup } from "./limit-group";
import type { QueueEntry } from "./queued-message";

/** Slots with `total` overall and `perVmta` per VirtualMTA, a clock at `t.now`, priorities by queue. */
function slots(total: number, perVmta = Infinity) {
  const t = { now: 1_000 };
  const priority = new Map<DeliveryQueue, number>();
  const s = new ConnectionSlots({
    clock: { now: () => t.now },
    totalMaxSmtpOut: () => total,
    vmtaMaxSmtpOut: () => perVmta,
    queuePriority: (q) => priority.get(q) ?? 50,
  });
  return { s, t, priority };
}

const queue = (domain: string, vmta = "v1", ready = 0) => {
  const q = new DeliveryQueue(`${domain}/${vmta}`, domain, vmta);
  for (let i = 0; i < ready; i++) q.pushReady({ state: "scheduled" } as QueueEntry);
  return q;
};

describe("ConnectionSlots", () => {
  it("grants total-max-smtp-out slots and no more; a turned-away queue is starved", () => {
    const { s } = slots(2);
    const [a, b] = [queue("a.test"), queue("b.test")];
    expect([s.claim(a), s.claim(a), s.claim(b)]).toEqual([true, true, false]);
    expect(s.active).toBe(2);
    s.release(a, true);
    // At equal priority, the queue that waited first goes first.
    expect([...s.waiting()].map((q) => q.domain)).toEqual(["b.test", "a.test"]);
  });

  it("caps each VirtualMTA's connections separately", () => {
    const { s } = slots(10, 1);
    const [a1, b1, a2] = [queue("a.test", "v1"), queue("b.test", "v1"), queue("a.test", "v2")];
    expect([s.claim(a1), s.claim(b1), s.claim(a2)]).toEqual([true, false, true]);
  });

  it("offers a freed slot by queue-priority, the releasing queue competing like the starved ones", () => {
    const { s, priority } = slots(1);
    const [low, high, mid] = [queue("low.test"), queue("high.test"), queue("mid.test")];
    priority.set(low, 10).set(high, 90).set(mid, 50);
    expect(s.claim(low)).toBe(true);
    expect(s.claim(mid)).toBe(false);
    expect(s.claim(high)).toBe(false);
    s.release(low, true);
    const order: DeliveryQueue[] = [];
    for (const q of s.waiting()) {
      order.push(q);
      // The first one offered takes the slot; the rest keep waiting for the next.
      if (order.length === 1) expect(s.claim(q)).toBe(true);
    }
    expect(order).toEqual([high]);
    s.release(high, true);
    expect([...s.waiting()]).toEqual([high, mid, low]);
  });

  it("offers a slot freed in a group to every member of the group", () => {
    const { s } = slots(10);
    const group = new LimitGroup("v1|mx:mx.test", null);
    const [a, b] = [queue("a.test"), queue("b.test")];
    group.join(a);
    group.join(b);
    s.claim(a);
    s.release(a, true);
    expect(new Set(s.waiting())).toEqual(new Set([a, b]));
  });

  it("holds a queue whose source addresses are busy until the time given, or until one of its connections ends", () => {
    const { s, t } = slots(10);
    const q = queue("a.test");
    s.holdUntil(q, 2_000);
    expect(s.claim(q)).toBe(false);
    expect(s.heldUntil(q)).toBe(2_000);
    t.now = 2_000;
    expect(s.heldUntil(q)).toBe(Infinity);
    expect(s.claim(q)).toBe(true);
    s.holdUntil(q, 5_000);
    // An attempt that never got an address ends: still held. One that had an address ends: released.
    s.release(q, false);
    expect(s.claim(q)).toBe(false);
    s.release(q, true);
    expect(s.claim(q)).toBe(true);
  });

  it("says a slot is wanted when a starved queue with work would get it", () => {
    const { s } = slots(1, 5);
    const [a, b, other] = [queue("a.test", "v1", 1), queue("b.test", "v1", 2), queue("c.test", "v2", 1)];
    expect(s.claim(a)).toBe(true);
    expect(s.wanted(a)).toBe(false);
    expect(s.claim(b)).toBe(false);
    expect(s.wanted(a)).toBe(true);
    // Not by itself.
    expect(s.wanted(b)).toBe(false);
    expect(wantsConnection(other)).toBe(true);
    expect(wantsConnection(queue("idle.test"))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { DeliveryQueue } from "./delivery-queue";
import { LimitGroup, stricterRate } from "./limit-group";

const queue = (domain: string, active = 0) => Object.assign(new DeliveryQueue(`${domain}/v1`, domain, "v1"), { active });

describe("LimitGroup", () => {
  it("counts the connections its members bring, moves a queue from its old group, and gives them back on leaving", () => {
    const [g1, g2] = [new LimitGroup("v1|mx:a", null), new LimitGroup("v1|mx:b", null)];
    const [a, b] = [queue("a.test", 2), queue("b.test", 1)];
    g1.join(a);
    g1.join(b);
    g1.join(a);
    expect(g1.active).toBe(3);
    g2.join(a);
    expect([g1.active, g2.active, a.group]).toEqual([1, 2, g2]);
    g1.leave(b);
    g1.leave(b);
    expect([g1.active, g1.queues.size, b.group]).toEqual([0, 0, null]);
  });

  it("tells the other members' idle connections to quit when one member is held back", async () => {
    const g = new LimitGroup("v1|mx:a", null);
    const [a, b] = [queue("a.test"), queue("b.test")];
    g.join(a);
    g.join(b);
    const aIdle = a.waitForWork(10_000);
    const bIdle = b.waitForWork(50);
    g.yieldIdle(b);
    expect(await aIdle).toBe(false);
    expect(a.idleCount).toBe(0);
    expect(b.idleCount).toBe(1);
    expect(await bIdle).toBe(false);
  });
});

describe("stricterRate", () => {
  it("takes the rate with the longer spacing; null is unlimited", () => {
    const slow = { count: 60, perMs: 60_000 };
    const fast = { count: 2, perMs: 1_000 };
    expect(stricterRate(slow, fast)).toBe(slow);
    expect(stricterRate(fast, slow)).toBe(slow);
    expect(stricterRate(null, fast)).toBe(fast);
    expect(stricterRate(fast, null)).toBe(fast);
    expect(stricterRate(null, null)).toBeNull();
  });
});

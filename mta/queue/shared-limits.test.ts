import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS } from "../config/defaults";
import type { DomainSettings, Rate } from "../config/types";
import type { RateLimiter } from "../shaping/rate-limiter";
import { DeliveryQueue } from "./delivery-queue";
import type { QueueEntry } from "./queued-message";
import { SharedLimits, sourceIpRule } from "./shared-limits";

const perSecond = (count: number): Rate => ({ count, perMs: 1_000 });

/** SharedLimits over per-domain settings, named (VirtualMTA or pool) rates, a ramp factor and a clock. */
function setup(domains: Record<string, Partial<DomainSettings>>, named: Record<string, Rate> = {}) {
  const t = { now: 10_000, ramp: 1 };
  const limits = new SharedLimits({
    clock: { now: () => t.now },
    settingsFor: (domain) => ({ ...DEFAULT_DOMAIN_SETTINGS, ...domains[domain] }),
    vmtaMsgRate: (name) => named[name] ?? null,
    rampFactor: () => t.ramp,
  });
  return { limits, t };
}

const queue = (domain: string, vmta = "v1") => new DeliveryQueue(`${domain}/${vmta}`, domain, vmta);
/** When the limiters let the next message of cost 1 go, having sent one at `now`. */
function nextAfterOne(limiters: RateLimiter[], now: number): number {
  for (const l of limiters) l.take(now);
  return Math.max(...limiters.map((l) => l.availableAt(now)));
}

describe("SharedLimits", () => {
  it("chains the queue's, the VirtualMTA's, the pool's and the source address's rates; the strictest sets the pace", () => {
    const { limits, t } = setup(
      { "a.test": { maxMsgRate: perSecond(100), sourceIpMaxMsgRate: [{ cidr: "127.0.0.2/32", rate: perSecond(2) }] } },
      { v1: perSecond(20), pool1: perSecond(4) },
    );
    const q = queue("a.test");
    expect(limits.msgLimiters(q)).toHaveLength(2);
    expect(nextAfterOne(limits.msgLimiters(q), t.now)).toBe(t.now + 50);
    t.now += 1_000;
    expect(nextAfterOne(limits.msgLimiters(q, undefined, "pool1"), t.now)).toBe(t.now + 250);
    t.now += 1_000;
    expect(nextAfterOne(limits.msgLimiters(q, "127.0.0.2", "pool1"), t.now)).toBe(t.now + 500);
    // Another address of the same queue is not held by 127.0.0.2's rate.
    t.now += 1_000;
    expect(nextAfterOne(limits.msgLimiters(q, "127.0.0.3"), t.now)).toBe(t.now + 50);
  });

  it("shares one VirtualMTA limiter between the VirtualMTA's queues", () => {
    const { limits, t } = setup({}, { v1: perSecond(10) });
    const [a, b] = [queue("a.test"), queue("b.test")];
    for (const l of limits.msgLimiters(a)) l.take(t.now);
    expect(Math.max(...limits.msgLimiters(b).map((l) => l.availableAt(t.now)))).toBe(t.now + 100);
    expect(Math.max(...limits.msgLimiters(queue("a.test", "v2")).map((l) => l.availableAt(t.now)))).toBe(t.now);
  });

  it("gives a group the strictest limits of its members, re-read after a join", () => {
    const { limits } = setup({ "a.test": { maxSmtpOut: 5, maxMsgRate: perSecond(10) }, "b.test": { maxSmtpOut: 3, maxMsgRate: perSecond(50), maxConnectRate: perSecond(2) } });
    const [a, b] = [queue("a.test"), queue("b.test")];
    limits.joinGroup(a, "mx:mx.test", null);
    expect(limits.groupLimits(a.group!)).toMatchObject({ maxSmtpOut: 5, msgRate: perSecond(10), connectRate: null });
    limits.joinGroup(b, "mx:mx.test", null);
    expect(b.group).toBe(a.group);
    expect(limits.groupLimits(a.group!)).toMatchObject({ maxSmtpOut: 3, msgRate: perSecond(10), connectRate: perSecond(2) });
    // Per VirtualMTA: the same MX hosts through another VirtualMTA are another group.
    const other = queue("a.test", "v2");
    limits.joinGroup(other, "mx:mx.test", null);
    expect(other.group).not.toBe(a.group);
  });

  it("gives a named rollup the settings of its <domain NAME.rollup>, whatever its members say", () => {
    const { limits } = setup({ "big.rollup": { maxSmtpOut: 2, maxMsgRate: perSecond(7) }, "a.test": { maxSmtpOut: 1 } });
    const a = queue("a.test");
    limits.joinGroup(a, "rollup:big.rollup", "big.rollup");
    expect(limits.groupLimits(a.group!)).toMatchObject({ maxSmtpOut: 2, msgRate: perSecond(7) });
  });

  it("says whether a joining connection fits the group's max-smtp-out, counting what its queue opened before", () => {
    const { limits } = setup({ "a.test": { maxSmtpOut: 2 }, "b.test": { maxSmtpOut: 2 } });
    const [a, b] = [queue("a.test"), queue("b.test")];
    a.active = 2;
    expect(limits.joinGroup(a, "mx:mx.test", null)).toBe(true);
    b.active = 1;
    expect(limits.joinGroup(b, "mx:mx.test", null)).toBe(false);
    expect(a.group!.active).toBe(3);
  });

  it("caches group limits for a second, and recomputes them at once when invalidated", () => {
    const domains: Record<string, Partial<DomainSettings>> = { "a.test": { maxSmtpOut: 4 } };
    const { limits, t } = setup(domains);
    const a = queue("a.test");
    limits.joinGroup(a, "mx:mx.test", null);
    expect(limits.groupLimits(a.group!).maxSmtpOut).toBe(4);
    domains["a.test"] = { maxSmtpOut: 1 };
    expect(limits.groupLimits(a.group!).maxSmtpOut).toBe(4);
    limits.invalidate(a.group);
    expect(limits.groupLimits(a.group!).maxSmtpOut).toBe(1);
    domains["a.test"] = { maxSmtpOut: 6 };
    t.now += 1_000;
    expect(limits.groupLimits(a.group!).maxSmtpOut).toBe(6);
  });

  it("tells an idle member to give way when another member waits at the group's full max-smtp-out", () => {
    const { limits } = setup({ "a.test": { maxSmtpOut: 1 }, "b.test": { maxSmtpOut: 1 } });
    const [a, b] = [queue("a.test"), queue("b.test")];
    a.active = 1;
    limits.joinGroup(a, "mx:mx.test", null);
    limits.joinGroup(b, "mx:mx.test", null);
    expect(limits.groupWanted(a)).toBe(false);
    b.pushReady({ state: "scheduled" } as QueueEntry);
    expect(limits.groupWanted(a)).toBe(true);
    expect(limits.groupWanted(b)).toBe(false);
  });

  it("scales limits by the startup ramp, and has queues at a connection limit look again only while it runs", () => {
    const { limits, t } = setup({ "a.test": { maxSmtpOut: 10, maxMsgRate: perSecond(20) } });
    t.ramp = 0.25;
    expect(limits.limitsFor(queue("a.test"))).toMatchObject({ maxSmtpOut: 3, msgRate: { count: 5, perMs: 1_000 } });
    expect(limits.rampRecheckAt(t.now)).toBeGreaterThan(t.now);
    t.ramp = 1;
    expect(limits.limitsFor(queue("a.test"))).toMatchObject({ maxSmtpOut: 10, msgRate: perSecond(20) });
    expect(limits.rampRecheckAt(t.now)).toBe(Infinity);
  });
});

describe("sourceIpRule", () => {
  it("takes the first rule whose CIDR holds the address (rules come most specific first)", () => {
    const rules = [
      { cidr: "10.0.0.5/32", max: 1 },
      { cidr: "10.0.0.0/8", max: 4 },
    ];
    expect(sourceIpRule(rules, "10.0.0.5")?.max).toBe(1);
    expect(sourceIpRule(rules, "10.9.9.9")?.max).toBe(4);
    expect(sourceIpRule(rules, "192.0.2.1")).toBeUndefined();
  });
});

/**
 * Retries end to end against the sink on loopback: the retry-after list with its last entry repeating,
 * retry-recipients-after for a recipient refused in a session that delivered others, and expiry at
 * bounce-after. (The list starting over after a delivery and backoff-retry-after are in
 * retry-mode.test.ts and backoff-delivery.test.ts.)
 */

import { afterEach, describe, expect, it } from "vitest";
import { policyFixtures, sendTo } from "../testing/policy-fixture";
import { greylist, REPLIES } from "../testing/sink";

const fx = policyFixtures();
afterEach(() => fx.close());

describe("retries", () => {
  it("walks retry-after 1s,2s and repeats its last entry", async () => {
    const { h, sink } = await fx.start({ plan: { recipients: { "g@grey.test": { rcpt: greylist(3) } } }, domainExtra: ["retry-after 1s,2s"] });
    await sendTo(h, ["g@grey.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 8_000);
    expect(sink.attemptsFor("g@grey.test").map((a) => a.accepted)).toEqual([false, false, false, true]);
    const spacing = sink.spacingMs("g@grey.test");
    for (const [gap, wanted] of spacing.map((gap, i) => [gap, [1_000, 2_000, 2_000][i]])) {
      expect(gap).toBeGreaterThanOrEqual(wanted - 50);
      expect(gap).toBeLessThan(wanted + 700);
    }
  });

  it("retries only the refused recipient after retry-recipients-after when the session delivered others; the queue keeps going", async () => {
    const { h, sink } = await fx.start({
      plan: { recipients: { "grey@dst.test": { rcpt: greylist(1) } } },
      domainExtra: ["retry-after 10s", "retry-recipients-after 1s"],
    });
    await sendTo(h, ["ok@dst.test", "grey@dst.test"]);
    await h.waitForRecords((rs) => rs.length === 2);
    await sendTo(h, ["next@dst.test"]);
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 3, 4_000);
    const [gap] = sink.spacingMs("grey@dst.test");
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2_000);
    const next = h.records.find((r) => r.rcpt === "next@dst.test")!;
    expect(next.timeLogged - next.timeQueued).toBeLessThan(500);
  });

  it("bounces with 4.4.7 once bounce-after has passed, however the retries fall", async () => {
    const { h, sink } = await fx.start({
      plan: { domains: { "never.test": { rcpt: { reply: REPLIES.greylisted } } } },
      domainExtra: ["retry-after 1s,3s", "bounce-after 2s"],
    });
    await sendTo(h, ["x@never.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "b"), 5_000);
    expect(h.records.map((r) => r.type)).toEqual(["t", "t", "b"]);
    const bounce = h.records[2];
    expect(bounce).toMatchObject({ dsnStatus: expect.stringMatching(/^4\.4\.7/), dsnDiag: expect.stringContaining("greylisted") });
    expect(bounce.timeLogged - bounce.timeQueued).toBeGreaterThanOrEqual(2_000);
    expect(bounce.timeLogged - bounce.timeQueued).toBeLessThan(2_600);
    expect(sink.attemptsFor("x@never.test")).toHaveLength(2);
  });
});

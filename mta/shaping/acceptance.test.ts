/**
 * Issue 4's "done means", checked at their real scale against the scriptable sink: a provider's
 * pushback puts its queue into backoff and the queue comes back; greylisted mail arrives on the
 * `retry-after 1m,…` schedule; `max-msg-rate 120/m` holds within 10% over three minutes while other
 * domains run unthrottled. They take minutes of wall time (mostly waiting), so they run at their real
 * timings, concurrently with each other and with the rest of the suite.
 */

import { describe, it, type TestContext } from "vitest";
import { waitUntil, type Harness } from "../testing/harness";
import { policyFixtures, type PolicyFixture } from "../testing/policy-fixture";
import { sendRaw } from "../testing/raw-smtp";
import { longRunRate, maxInWindow } from "../testing/shaping-rig";
import { REPLIES, greylist, type SinkPlan } from "../testing/sink";

/** One Hermod and sink per test, stopped when it ends (the tests run concurrently). */
async function setup(onTestFinished: TestContext["onTestFinished"], plan: SinkPlan, block: string): Promise<PolicyFixture> {
  const fx = policyFixtures();
  onTestFinished(() => fx.close());
  return fx.start({ plan, blocks: [block] });
}

const send = (h: Harness, to: string[], n = 0) => sendRaw(h.port, { from: "sender@src.test", to, body: `Subject: acceptance ${n}\r\n\r\nx\r\n` });

describe.concurrent("issue 4, done means", () => {
  it(
    "a 421 'rate limited' sends one queue into backoff at its first match, at backoff-max-msg-rate, while others keep full speed, and back to normal after backoff-to-normal-after",
    async ({ expect, onTestFinished }) => {
      const { h, sink, modes } = await setup(
        onTestFinished,
        { domains: { "push.test": { rcpt: { reply: "421 4.7.0 [TS01] rate limited, try again later" } } } },
        `<smtp-pattern-list provider>
    reply /rate limited/ mode=backoff
</smtp-pattern-list>
<domain push.test>
    smtp-pattern-list provider
    backoff-max-msg-rate 60/m
    backoff-retry-after 2s
    backoff-to-normal-after 20s
</domain>`,
      );
      await send(h, ["first@push.test"]);
      await waitUntil(() => modes.length > 0, 10_000, "the backoff event");
      const entered = modes[0];
      expect(entered).toMatchObject({ queue: "push.test/{default}", mode: "backoff", cause: "reply", reason: expect.stringContaining("rate limited") });
      expect(sink.attemptsFor("first@push.test")).toHaveLength(1);
      // The provider stops pushing back; the queue stays in backoff until its timer runs out.
      sink.plan = {};
      for (let i = 0; i < 40; i++) await send(h, [`p${i}@push.test`, `o${i}@other.test`, `q${i}@third.test`], i);
      await waitUntil(() => modes.some((m) => m.mode === "normal"), 30_000, "the return to normal");
      const left = modes.find((m) => m.mode === "normal")!;
      expect(left).toMatchObject({ queue: "push.test/{default}", cause: "timer" });
      expect(left.at - entered.at).toBeGreaterThanOrEqual(20_000);
      expect(left.at - entered.at).toBeLessThan(22_000);
      await sink.waitFor(121, 30_000);

      // In backoff: one message a second (60/m) within 10%, never a burst.
      const push = sink.acceptedTimes("push.test");
      const inBackoff = push.filter((t) => t < left.at);
      expect(inBackoff.length).toBeGreaterThanOrEqual(10);
      expect(longRunRate(inBackoff, 60_000)).toBeGreaterThan(54);
      expect(longRunRate(inBackoff, 60_000)).toBeLessThan(66);
      expect(maxInWindow(inBackoff, 1_000)).toBeLessThanOrEqual(2);
      // Back to normal: the rest leave at once.
      const afterNormal = push.filter((t) => t >= left.at);
      expect(afterNormal.length).toBeGreaterThan(5);
      expect(afterNormal[afterNormal.length - 1] - left.at).toBeLessThan(3_000);
      // The other domains were never held back.
      for (const domain of ["other.test", "third.test"]) {
        const times = sink.acceptedTimes(domain);
        expect(times).toHaveLength(40);
        expect(times[39] - times[0]).toBeLessThan(5_000);
      }
    },
    90_000,
  );

  it(
    "a greylisting sink (450, then 250) gets the message on the retry, one retry-after interval (1m) later",
    async ({ expect, onTestFinished }) => {
      const { h, sink } = await setup(onTestFinished, { domains: { "grey.test": { rcpt: greylist(1, REPLIES.greylisted) } } }, `<domain grey.test>\n    retry-after 1m,5m\n</domain>`);
      await send(h, ["g@grey.test"]);
      await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 80_000);
      const attempts = sink.attemptsFor("g@grey.test");
      expect(attempts.map((a) => a.accepted)).toEqual([false, true]);
      expect(attempts[0].reply).toMatch(/^450/);
      const [spacing] = sink.spacingMs("g@grey.test");
      expect(spacing).toBeGreaterThanOrEqual(60_000);
      expect(spacing).toBeLessThan(63_000);
      expect(h.records.filter((r) => r.rcpt === "g@grey.test").map((r) => r.type)).toEqual(["t", "d"]);
    },
    100_000,
  );

  it(
    "max-msg-rate 120/m for one domain holds within 10% over 3 minutes while other domains run unthrottled",
    async ({ expect, onTestFinished }) => {
      const { h, sink } = await setup(onTestFinished, {}, `<domain paced.test>\n    max-msg-rate 120/m\n</domain>`);
      const others = Array.from({ length: 10 }, (_, i) => `free${i}.test`);
      for (let i = 0; i < 420; i++) await send(h, [`p${i}@paced.test`, `f${i}@${others[i % others.length]}`], i);
      await waitUntil(() => sink.acceptedTimes("paced.test").length >= 362, 200_000, "three minutes of paced mail");
      const paced = sink.acceptedTimes("paced.test");
      const start = paced[0];
      const inThreeMinutes = paced.filter((t) => t < start + 180_000).length;
      // 120/m over 3 minutes is 360 messages; within 10%, and no minute above the rate.
      expect(inThreeMinutes).toBeGreaterThanOrEqual(324);
      expect(inThreeMinutes).toBeLessThanOrEqual(396);
      expect(maxInWindow(paced, 60_000)).toBeLessThanOrEqual(121);
      expect(maxInWindow(paced, 5_000)).toBeLessThanOrEqual(11);
      // The 420 messages for the other ten domains were all delivered while paced.test was still
      // in its first minute.
      const free = others.flatMap((d) => sink.acceptedTimes(d)).sort((a, b) => a - b);
      expect(free).toHaveLength(420);
      expect(free[free.length - 1] - start).toBeLessThan(60_000);
    },
    240_000,
  );
});

/**
 * Destinations that share infrastructure share limits, end to end: domains whose MX records name the
 * same hosts form one group, `<mx-rollup-list>` rollups take their `<domain NAME.rollup>` settings,
 * and `queue-to` puts several domains into one queue. MX records come from a fake resolver; every
 * exchange resolves to the loopback sink.
 */

import { describe, expect, it } from "vitest";
import { expectRateKept, maxOpenAtOnce, recipientsIn, rigPerTest, transactionTimes, type Rig } from "../testing/shaping-rig";

const rig = rigPerTest();

const block = (tag: string, ...lines: string[]) => [`<${tag}>`, ...lines.map((l) => `    ${l}`), `</${tag.split(" ")[0]}>`].join("\n");
const sendEach = (r: Rig, domains: string[], n: number) => r.sendAll(recipientsIn(domains, n));
const expectTenPerSecond = (times: number[]) => expectRateKept(times, { count: 10, perMs: 1_000 });

const SHARED_MX = { "one.test": ["mx.shared.test"], "two.test": ["mx.shared.test"], "own.test": ["mx.own.test"] };

describe("shared limits for shared infrastructure", () => {
  it("domains on the same MX hosts share one max-smtp-out, and all their mail leaves", async () => {
    const r = await rig({ mx: SHARED_MX, domainExtra: ["max-smtp-out 2"], sink: { plan: { default: { data: { delayMs: 250 } } } } });
    await sendEach(r, ["one.test", "two.test"], 6);
    await r.sink.waitFor(12, 10_000);
    expect(maxOpenAtOnce(r.sink.connections)).toBe(2);
  });

  it("domains on the same MX hosts share one max-msg-rate; a domain on other hosts keeps its own", async () => {
    const r = await rig({ mx: SHARED_MX, domainExtra: ["max-msg-rate 10/s"] });
    await sendEach(r, ["one.test", "two.test", "own.test"], 12);
    await r.sink.waitFor(36, 10_000);
    expectTenPerSecond(transactionTimes(r.sink, "one.test", "two.test"));
    expectTenPerSecond(transactionTimes(r.sink, "own.test"));
  });

  it("an <mx-rollup-list> rollup works under its <domain NAME.rollup> limits", async () => {
    const r = await rig({
      mx: { "r1.test": ["mx1.big.test"], "r2.test": ["mx2.big.test"] },
      sink: { plan: { default: { data: { delayMs: 50 } } } },
      blocks: [block("mx-rollup-list", "mx *.big.test big.rollup"), block("domain big.rollup", "max-msg-rate 10/s", "max-smtp-out 1")],
    });
    await sendEach(r, ["r1.test", "r2.test"], 12);
    await r.sink.waitFor(24, 10_000);
    expectTenPerSecond(transactionTimes(r.sink, "r1.test", "r2.test"));
    expect(maxOpenAtOnce(r.sink.connections)).toBe(1);
  });

  it("queue-to puts several domains into one queue, under that queue's limits", async () => {
    const r = await rig({
      blocks: [block("domain q1.test", "queue-to joint.test"), block("domain q2.test", "queue-to joint.test"), block("domain joint.test", "max-msg-rate 10/s")],
    });
    await sendEach(r, ["q1.test", "q2.test"], 12);
    await r.sink.waitFor(24, 10_000);
    await r.h.waitForRecords((rs) => rs.length === 24);
    expect(new Set(r.h.records.map((x) => x.queue))).toEqual(new Set(["joint.test/{default}"]));
    expectTenPerSecond(transactionTimes(r.sink, "q1.test", "q2.test"));
  });
});

/**
 * Per-queue limits and the global connection cap, end to end: Hermod delivers to a loopback sink and
 * the assertions read what the sink saw (connections open at once, when each transaction and each
 * connection arrived, what each connection and transaction carried).
 */

import { describe, expect, it } from "vitest";
import { waitUntil } from "../testing/harness";
import { expectRateKept, maxOpenAtOnce, recipientTimes, rigPerTest, transactionTimes, type Rig, type RigOptions } from "../testing/shaping-rig";
import { domainOf } from "../testing/sink-plan";

const rig = rigPerTest();

/** A sink that takes `ms` to answer each message, so connections stay busy and pile up. */
const slowSink = (ms: number): RigOptions["sink"] => ({ plan: { default: { data: { delayMs: ms } } } });
const domainBlock = (domain: string, ...lines: string[]) => [`<domain ${domain}>`, ...lines.map((l) => `    ${l}`), "</domain>"].join("\n");
const sendN = (r: Rig, n: number, domain: string, rcpts = 1) => r.sendAll(Array.from({ length: n }, (_, i) => Array.from({ length: rcpts }, (_, k) => `u${i}-${k}@${domain}`)));
const TEN_PER_SECOND = { count: 10, perMs: 1_000 };

describe("per-queue limits at the sink", () => {
  it("max-smtp-out: a backlog opens exactly that many connections at once, never more", async () => {
    const r = await rig({ sink: slowSink(300), blocks: [domainBlock("conc.test", "max-smtp-out 3")] });
    await sendN(r, 15, "conc.test");
    await r.sink.waitFor(15, 10_000);
    expect(r.sink.maxConcurrentConnections("conc.test")).toBe(3);
  });

  it("max-msg-rate: no second holds more than the rate, and the long-run rate is the rate", async () => {
    const r = await rig({ blocks: [domainBlock("rate.test", "max-msg-rate 10/s")] });
    await sendN(r, 25, "rate.test");
    await r.sink.waitFor(25, 10_000);
    expectRateKept(transactionTimes(r.sink, "rate.test"), TEN_PER_SECOND);
  });

  it("max-msg-rate counts attempted recipients, not messages", async () => {
    const r = await rig({ blocks: [domainBlock("rcpts.test", "max-msg-rate 10/s")] });
    await sendN(r, 15, "rcpts.test", 2);
    await r.sink.waitFor(15, 10_000);
    // A transaction's two recipients go together: the window's far edge may catch both.
    expectRateKept(recipientTimes(r.sink, "rcpts.test"), TEN_PER_SECOND, 2);
  });

  it("max-connect-rate: new connections keep to the rate in every window", async () => {
    const r = await rig({ blocks: [domainBlock("conn.test", "max-connect-rate 5/s", "max-msg-per-connection 1")] });
    await sendN(r, 15, "conn.test");
    await r.sink.waitFor(15, 10_000);
    const opened = r.sink.connections.map((c) => c.openedAt).sort((a, b) => a - b);
    expectRateKept(opened, { count: 5, perMs: 1_000 });
  });

  it("max-msg-per-connection: each connection carries at most that many messages", async () => {
    const r = await rig({ sink: slowSink(20), blocks: [domainBlock("mpc.test", "max-msg-per-connection 3", "max-smtp-out 2")] });
    await sendN(r, 12, "mpc.test");
    await r.sink.waitFor(12, 10_000);
    const perConnection = new Map<number, number>();
    for (const t of r.sink.transactions) perConnection.set(t.connection.id, (perConnection.get(t.connection.id) ?? 0) + 1);
    expect(Math.max(...perConnection.values())).toBe(3);
    expect([...perConnection.values()].reduce((a, b) => a + b)).toBe(12);
    expect(perConnection.size).toBeGreaterThanOrEqual(4);
  });

  it("max-rcpt-per-transaction: a message to 5 recipients goes in transactions of at most 2", async () => {
    const r = await rig({ blocks: [domainBlock("rpt.test", "max-rcpt-per-transaction 2")] });
    await sendN(r, 1, "rpt.test", 5);
    await r.h.waitForRecords((rs) => rs.filter((x) => x.type === "d").length === 5);
    expect(r.sink.transactions.map((t) => t.rcpts.length).sort()).toEqual([1, 2, 2]);
  });

  it("queue-priority: under total-max-smtp-out, a freed slot goes to the higher-priority queue first", async () => {
    const r = await rig({
      global: ["total-max-smtp-out 1"],
      domainExtra: ["max-msg-per-connection 1"],
      sink: slowSink(300),
      blocks: [domainBlock("low.test", "queue-priority 10"), domainBlock("high.test", "queue-priority 90")],
    });
    await sendN(r, 5, "low.test");
    await sendN(r, 3, "high.test");
    await r.sink.waitFor(8, 10_000);
    const order = r.sink.transactions.map((t) => domainOf(t.rcpts[0].address));
    // The first low message was under way before high mail arrived; every freed slot after it goes high.
    expect(order.lastIndexOf("high.test"), order.join(" ")).toBeLessThan(order.indexOf("low.test", 2));
    expect(maxOpenAtOnce(r.sink.connections)).toBe(1);
  });

  it("total-max-smtp-out: connections across every queue stay within the global cap, and all mail leaves", async () => {
    const r = await rig({ global: ["total-max-smtp-out 2"], sink: slowSink(200) });
    for (const d of ["a.test", "b.test", "c.test"]) await sendN(r, 5, d);
    await r.sink.waitFor(15, 10_000);
    expect(maxOpenAtOnce(r.sink.connections)).toBe(2);
    await waitUntil(() => r.h.mta.snapshot().connections.smtpOut === 0, 5_000, "connections to close");
  });
});

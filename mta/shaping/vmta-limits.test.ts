/**
 * Limits a VirtualMTA (or a pool) sets across all of its queues, end to end: mail for several
 * domains through one VirtualMTA bound to a loopback address, and what the sink saw from it.
 */

import { describe, expect, it } from "vitest";
import { expectRateKept, maxOpenAtOnce, recipientsIn, rigPerTest, transactionTimes, type Rig } from "../testing/shaping-rig";

const rig = rigPerTest();

const vmta = (name: string, ip: string, ...lines: string[]) =>
  [`<virtual-mta ${name}>`, `    smtp-source-host ${ip} ${name}.hermod.test`, ...lines.map((l) => `    ${l}`), "</virtual-mta>"].join("\n");
const sendEach = (r: Rig, domains: string[], n: number, through: string) => r.sendAll(recipientsIn(domains, n), `X-Virtual-MTA: ${through}\r\n`);
const TEN_PER_SECOND = { count: 10, perMs: 1_000 };

describe("VirtualMTA limits across its queues", () => {
  it("max-smtp-out caps the VirtualMTA's connections to all domains together, and no other VirtualMTA's", async () => {
    const r = await rig({
      sink: { plan: { default: { data: { delayMs: 250 } } } },
      blocks: [vmta("capped", "127.0.0.2", "max-smtp-out 2"), vmta("free", "127.0.0.3")],
    });
    await sendEach(r, ["a.test", "b.test", "c.test"], 4, "capped");
    await sendEach(r, ["a.test", "b.test", "c.test"], 2, "free");
    await r.sink.waitFor(18, 10_000);
    const from = (ip: string) => r.sink.connections.filter((c) => c.clientAddress === ip);
    expect(maxOpenAtOnce(from("127.0.0.2"))).toBe(2);
    // Two messages for each of three domains: a connection each, all at once.
    expect(maxOpenAtOnce(from("127.0.0.3"))).toBe(6);
  });

  it("max-smtp-msg-rate holds across the VirtualMTA's queues in every window", async () => {
    const r = await rig({ blocks: [vmta("metered", "127.0.0.2", "max-smtp-msg-rate 10/s")] });
    await sendEach(r, ["a.test", "b.test"], 12, "metered");
    await r.sink.waitFor(24, 10_000);
    expectRateKept(transactionTimes(r.sink, "a.test", "b.test"), TEN_PER_SECOND);
  });

  it("a pool's max-smtp-msg-rate holds across its members", async () => {
    const r = await rig({
      blocks: [vmta("m1", "127.0.0.2"), vmta("m2", "127.0.0.3"), ["<virtual-mta-pool metered-pool>", "    virtual-mta m1", "    virtual-mta m2", "    max-smtp-msg-rate 10/s", "</virtual-mta-pool>"].join("\n")],
    });
    await sendEach(r, ["a.test", "b.test"], 12, "metered-pool");
    await r.sink.waitFor(24, 10_000);
    expect(new Set(r.sink.connections.map((c) => c.clientAddress))).toEqual(new Set(["127.0.0.2", "127.0.0.3"]));
    expectRateKept(transactionTimes(r.sink, "a.test", "b.test"), TEN_PER_SECOND);
  });
});

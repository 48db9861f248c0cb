/**
 * `source-ip-max-*` end to end: one VirtualMTA with two source addresses on loopback, and what the
 * sink saw from each address.
 */

import { describe, expect, it } from "vitest";
import type { Sink } from "../testing/sink";
import { expectRateKept, maxOpenAtOnce, recipientsIn, rigPerTest, type Rig, type RigOptions } from "../testing/shaping-rig";

const startRig = rigPerTest();

const SOURCES = ["127.0.0.2", "127.0.0.3"];

/** A VirtualMTA `two` sending from both SOURCES, and `<domain sip.test>` with `lines`. */
const rig = (lines: string[], sink?: RigOptions["sink"]): Promise<Rig> =>
  startRig({
    sink,
    blocks: [
      ["<virtual-mta two>", ...SOURCES.map((ip) => `    smtp-source-host ${ip} two.hermod.test`), "</virtual-mta>"].join("\n"),
      ["<domain sip.test>", ...lines.map((l) => `    ${l}`), "</domain>"].join("\n"),
    ],
  });

const sendN = (r: Rig, n: number) => r.sendAll(recipientsIn(["sip.test"], n), "X-Virtual-MTA: two\r\n");
const connectionsFrom = (sink: Sink, ip: string) => sink.connections.filter((c) => c.clientAddress === ip);

describe("per source address limits", () => {
  it("source-ip-max-smtp-out: one connection at a time from each address, both addresses in use", async () => {
    const r = await rig(["max-smtp-out 10", "source-ip-max-smtp-out 127.0.0.0/8 1"], { plan: { default: { data: { delayMs: 200 } } } });
    await sendN(r, 10);
    await r.sink.waitFor(10, 10_000);
    for (const ip of SOURCES) expect(maxOpenAtOnce(connectionsFrom(r.sink, ip)), ip).toBe(1);
    expect(maxOpenAtOnce(r.sink.connections)).toBe(2);
  });

  it("source-ip-max-msg-rate: each address keeps its own rate (the first CIDR holding it applies)", async () => {
    const r = await rig(["source-ip-max-msg-rate 127.0.0.2/32 8/s", "source-ip-max-msg-rate 127.0.0.0/8 4/s"]);
    await sendN(r, 24);
    await r.sink.waitFor(24, 10_000);
    const sentFrom = (ip: string) => r.sink.transactions.filter((t) => t.connection.clientAddress === ip).map((t) => t.at).sort((a, b) => a - b);
    expectRateKept(sentFrom("127.0.0.2"), { count: 8, perMs: 1_000 });
    expectRateKept(sentFrom("127.0.0.3"), { count: 4, perMs: 1_000 });
  });

  it("source-ip-max-connect-rate: new connections from each address keep to the rate", async () => {
    const r = await rig(["max-msg-per-connection 1", "source-ip-max-connect-rate 127.0.0.0/8 4/s"]);
    await sendN(r, 16);
    await r.sink.waitFor(16, 10_000);
    for (const ip of SOURCES) {
      const opened = connectionsFrom(r.sink, ip).map((c) => c.openedAt).sort((a, b) => a - b);
      expectRateKept(opened, { count: 4, perMs: 1_000 });
    }
  });
});

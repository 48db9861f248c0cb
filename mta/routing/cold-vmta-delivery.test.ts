/**
 * IP warm-up end to end (UG §10.7): the first `max-cold-virtual-mta-msg` messages per destination
 * domain and day leave through the cold VirtualMTA, from its address with its HELO, the rest through
 * the VirtualMTA (or pool) that was chosen; the counters survive a restart; `cold-virtual-mta` works in
 * a `<virtual-mta>` and in a `<virtual-mta-pool>`.
 */

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, waitUntil, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { startSink, type Sink } from "../testing/sink";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** `warm` and `cold` VirtualMTAs on their own loopback addresses; `chosen` is the source's default. */
const config = (sinkPort: number, chosen: "warm" | "pool", coldIn: "warm" | "pool") => (port: number) => `smtp-listener 127.0.0.1:${port}
<virtual-mta warm>
    smtp-source-host 127.0.0.2 warm.hermod.test
    ${coldIn === "warm" ? "cold-virtual-mta cold" : ""}
</virtual-mta>
<virtual-mta cold>
    smtp-source-host 127.0.0.3 cold.hermod.test
</virtual-mta>
<virtual-mta-pool pool>
    virtual-mta warm
    ${coldIn === "pool" ? "cold-virtual-mta cold" : ""}
</virtual-mta-pool>
<source 127.0.0.1>
    always-allow-relaying yes
    default-virtual-mta ${chosen}
</source>
<domain *>
    smtp-hosts [127.0.0.1]:${sinkPort}
    max-cold-virtual-mta-msg 2/day,4/day
</domain>`;

async function start(sink: Sink, chosen: "warm" | "pool", coldIn: "warm" | "pool", reuse?: Harness): Promise<Harness> {
  const h = await startHarness(config(sink.port, chosen, coldIn), reuse ? { dataDir: reuse.dataDir, port: reuse.port } : {});
  cleanup.push(() => h.stop());
  return h;
}

async function sendTo(h: Harness, sink: Sink, rcpts: string[]): Promise<void> {
  const before = sink.messages.length;
  for (const to of rcpts) await sendRaw(h.port, { from: "a@src.test", to: [to], body: "Subject: warm-up\r\n\r\nx\r\n" });
  await sink.waitFor(before + rcpts.length, 10_000);
}

/** The HELO each recipient's message arrived with, in recipient order. */
const helos = (sink: Sink, rcpts: string[]) => rcpts.map((r) => sink.messages.find((m) => m.to.includes(r))?.helo);
const users = (domain: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}@${domain}`);

describe("cold VirtualMTAs", () => {
  it("sends the first N per domain and day through the cold VirtualMTA, the rest through the chosen one", async () => {
    const sink = await startSink();
    cleanup.push(() => sink.close());
    const h = await start(sink, "warm", "warm");
    await sendTo(h, sink, [...users("gmail.test", 0, 3), ...users("yahoo.test", 0, 3)]);
    expect(helos(sink, users("gmail.test", 0, 3))).toEqual(["cold.hermod.test", "cold.hermod.test", "warm.hermod.test"]);
    expect(helos(sink, users("yahoo.test", 0, 3))).toEqual(["cold.hermod.test", "cold.hermod.test", "warm.hermod.test"]);
    expect(sink.messages.find((m) => m.to.includes("u0@gmail.test"))?.remoteAddress).toBe("127.0.0.3");
    await waitUntil(() => h.records.length === 6);
    expect(h.records.filter((r) => r.rcpt === "u0@gmail.test")).toMatchObject([{ type: "d", vmta: "cold", queue: "gmail.test/cold" }]);
  });

  it("keeps the day's counts across a restart", async () => {
    const sink = await startSink();
    cleanup.push(() => sink.close());
    const h = await start(sink, "warm", "warm");
    await sendTo(h, sink, users("gmail.test", 0, 1));
    await h.stop();
    const again = await start(sink, "warm", "warm", h);
    await sendTo(again, sink, users("gmail.test", 1, 3));
    // One of today's two went out before the restart: one more, then the warm VirtualMTA.
    expect(helos(sink, users("gmail.test", 0, 3))).toEqual(["cold.hermod.test", "cold.hermod.test", "warm.hermod.test"]);
  });

  it("diverts mail for a pool that names a cold VirtualMTA", async () => {
    const sink = await startSink();
    cleanup.push(() => sink.close());
    const h = await start(sink, "pool", "pool");
    await sendTo(h, sink, users("gmail.test", 0, 3));
    expect(helos(sink, users("gmail.test", 0, 3))).toEqual(["cold.hermod.test", "cold.hermod.test", "warm.hermod.test"]);
    await waitUntil(() => h.records.length === 3);
    expect(h.records.find((r) => r.rcpt === "u0@gmail.test")).toMatchObject({ vmta: "cold", vmtaPool: "pool" });
  });
});

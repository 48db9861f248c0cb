/**
 * Where mail goes when a destination has several hosts, end to end on loopback: `smtp-hosts`
 * preference levels, MX hosts skipped by `skip-mx` or by a 421 greeting with
 * `smtp-421-means-mx-unavailable`, and `bounce-upon-no-mx`. MX records come from a fake resolver
 * pointing at sinks on 127.0.0.10-12, all on one port (`default-smtp-port`).
 */

import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Resolver } from "../ports";
import { freePort } from "../testing/free-port";
import { waitUntil } from "../testing/harness";
import { policyFixtures, sendTo } from "../testing/policy-fixture";
import { startSink, type SinkPlan } from "../testing/sink";

const fx = policyFixtures();
afterEach(() => fx.close());

const BUSY = "127.0.0.10";
const GOOD = "127.0.0.11";
const REFUSING = "127.0.0.12";

const noData = () => Object.assign(new Error("ENODATA"), { code: "ENODATA" });
const MX: Record<string, [string, number][]> = {
  "yes.test": [["mx1.busy.test", 10], ["mx2.good.test", 20]],
  "no.test": [["mx1.busy.test", 10], ["mx2.good.test", 20]],
  "skip.test": [["mx1.refusing.test", 10], ["mx2.good.test", 20]],
  "skipall.test": [["mx1.refusing.test", 10], ["mx2.good.test", 20]],
};
const A: Record<string, string[]> = { "mx1.busy.test": [BUSY], "mx2.good.test": [GOOD], "mx1.refusing.test": [REFUSING] };
const resolver: Resolver = {
  async resolveMx(domain) {
    if (!MX[domain]) throw noData();
    return MX[domain].map(([exchange, priority]) => ({ exchange, priority }));
  },
  // Domains without MX have an address: the good sink's.
  async resolve4(host) {
    if (A[host]) return A[host];
    if (host.startsWith("mx")) throw noData();
    return [GOOD];
  },
  async resolve6() {
    throw noData();
  },
};

/** Hermod with MX routing on `port`, its sink on GOOD:`port`. */
function startMx(port: number, plan: SinkPlan = {}) {
  return fx.start({
    host: GOOD,
    port,
    plan,
    mta: { resolver },
    config: (listen) => `smtp-listener 127.0.0.1:${listen}
<source 127.0.0.1>
    always-allow-relaying yes
</source>
<smtp-pattern-list mx>
    reply /not here/ skip-mx
</smtp-pattern-list>
<domain *>
    default-smtp-port ${port}
    retry-after 20s
    smtp-pattern-list mx
</domain>
<domain yes.test>
    smtp-421-means-mx-unavailable yes
</domain>
<domain nomx-now.test>
    bounce-upon-no-mx yes
</domain>
<domain nomx-later.test>
    bounce-upon-no-mx 2s
    retry-after 1s
</domain>
`,
  });
}

/** A server on BUSY:`port` that greets with 421 and hangs up. */
async function busyGreeter(port: number): Promise<{ connections: number }> {
  const seen = { connections: 0 };
  const server = net.createServer((socket) => {
    seen.connections++;
    socket.end("421 4.3.2 mx1 busy, closing\r\n");
  });
  await new Promise<void>((resolve) => server.listen(port, BUSY, resolve));
  fx.onClose(() => new Promise((resolve) => server.close(resolve)));
  return seen;
}

describe("MX and smtp-hosts preference", () => {
  it("uses the hosts of the first smtp-hosts level in rotation, and the next level only when they are down", async () => {
    const [a, b, c] = await Promise.all([startSink(), startSink(), startSink()]);
    for (const s of [a, b, c]) fx.onClose(() => s.close());
    const [dead1, dead2] = [await freePort(), await freePort()];
    const { h } = await fx.start({
      domainExtra: ["max-msg-per-connection 1"],
      blocks: [
        `<domain up.test>\n    smtp-hosts [127.0.0.1]:${a.port}, [127.0.0.1]:${b.port}; [127.0.0.1]:${c.port}\n</domain>`,
        `<domain down.test>\n    smtp-hosts [127.0.0.1]:${dead1}, [127.0.0.1]:${dead2}; [127.0.0.1]:${c.port}\n</domain>`,
      ],
    });
    for (let i = 0; i < 16; i++) await sendTo(h, [`u${i}@up.test`]);
    await sendTo(h, ["v@down.test"]);
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 17);
    expect(a.messages.length).toBeGreaterThan(0);
    expect(b.messages.length).toBeGreaterThan(0);
    expect(a.messages.length + b.messages.length).toBe(16);
    expect(c.messages.map((m) => m.to)).toEqual([["v@down.test"]]);
  });

  it("moves on to the next MX after a 421 greeting only with smtp-421-means-mx-unavailable", async () => {
    const port = await freePort(GOOD);
    const busy = await busyGreeter(port);
    const { h, sink } = await startMx(port);
    await sendTo(h, ["u@yes.test"]);
    await sendTo(h, ["u@no.test"]);
    await h.waitForRecords((rs) => rs.length === 2);
    expect(h.records.find((r) => r.rcpt === "u@yes.test")).toMatchObject({ type: "d", dlvDestinationIp: GOOD });
    expect(h.records.find((r) => r.rcpt === "u@no.test")).toMatchObject({ type: "t", dsnDiag: expect.stringContaining("421 4.3.2 mx1 busy"), dlvDestinationIp: BUSY });
    expect(sink.messages.map((m) => m.to)).toEqual([["u@yes.test"]]);
    expect(sink.connections).toHaveLength(1);
    expect(busy.connections).toBe(2);
  });

  it("skip-mx tries the next MX at once and keeps the mail queued, even after a 5xx; when every MX is skipped the queue retries", async () => {
    const port = await freePort(GOOD);
    const refusing = await startSink({ host: REFUSING, port, plan: { default: { rcpt: { reply: "550 5.7.1 not here" } } } });
    fx.onClose(() => refusing.close());
    const { h, sink } = await startMx(port, { domains: { "skipall.test": { rcpt: { reply: "550 5.7.1 not here either" } } } });
    await sendTo(h, ["u@skip.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 3_000);
    expect(h.records.map((r) => [r.rcpt, r.type, r.dlvDestinationIp])).toEqual([
      ["u@skip.test", "t", REFUSING],
      ["u@skip.test", "d", GOOD],
    ]);
    expect(sink.messages.map((m) => m.to)).toEqual([["u@skip.test"]]);
    await sendTo(h, ["u@skipall.test"]);
    await h.waitForRecords((rs) => rs.filter((r) => r.rcpt === "u@skipall.test").length === 2, 3_000);
    expect(h.records.filter((r) => r.rcpt === "u@skipall.test").map((r) => [r.type, r.dlvDestinationIp])).toEqual([
      ["t", REFUSING],
      ["t", GOOD],
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.records.filter((r) => r.rcpt === "u@skipall.test")).toHaveLength(2);
    expect(h.mta.snapshot().queues.find((q) => q.key === "skipall.test/{default}")).toMatchObject({ recipients: 1, nextAttemptAt: expect.any(Number) });
  });

  it("bounce-upon-no-mx bounces a domain without MX at once, or once its mail is older than the given time", async () => {
    const { h, sink } = await startMx(await freePort(GOOD));
    await sendTo(h, ["u@plain.test"]);
    await sendTo(h, ["u@nomx-now.test"]);
    await sendTo(h, ["u@nomx-later.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.rcpt === "u@nomx-later.test" && r.type === "b"), 5_000);
    const of = (rcpt: string) => h.records.filter((r) => r.rcpt === rcpt);
    expect(of("u@plain.test")).toMatchObject([{ type: "d", dlvDestinationIp: GOOD }]);
    expect(of("u@nomx-now.test")).toMatchObject([{ type: "b", dsnStatus: expect.stringMatching(/^5\.1\.2/), dsnDiag: expect.stringContaining("bounce-upon-no-mx") }]);
    const later = of("u@nomx-later.test");
    expect(later.map((r) => r.type)).toEqual([...later.slice(0, -1).map(() => "t"), "b"]);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later[later.length - 1].timeLogged - later[0].timeQueued).toBeGreaterThanOrEqual(2_000);
    expect(sink.messages.map((m) => m.to)).toEqual([["u@plain.test"]]);
    await waitUntil(() => h.mta.snapshot().queues.length === 0, 2_000, "empty queues");
  });
});

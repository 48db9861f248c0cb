import { afterEach, describe, expect, it } from "vitest";
import { startSink, type Sink, type SinkScript } from "./testing/sink";
import { startHarness, type Harness } from "./testing/harness";
import { loopbackRelayConfig } from "./testing/relay-config";
import { sendRaw } from "./testing/raw-smtp";

const msg = (subject: string) => `From: a@src.test\r\nTo: b@dst.test\r\nSubject: ${subject}\r\n\r\nHello\r\n`;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(script: SinkScript = {}, extra: string[] = []): Promise<{ h: Harness; sink: Sink }> {
  const sink = await startSink({ script });
  cleanup.push(() => sink.close());
  const h = await startHarness(
    (port) =>
      loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, hostName: "mta.hermod.test", domainExtra: ["retry-after 1s", "bounce-after 1h"], blocks: extra }),
  );
  cleanup.push(() => h.stop());
  return { h, sink };
}

describe("the spine: accept, spool, deliver, account", () => {
  it("delivers a message and records it", async () => {
    const { h, sink } = await setup();
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["b@dst.test"], body: msg("one") });
    expect(r.data).toMatch(/^250 .*queued as [0-9a-z]+/);
    const [m] = await sink.waitFor(1);
    expect(m.from).toBe("a@src.test");
    expect(m.to).toEqual(["b@dst.test"]);
    expect(m.helo).toBe("mta.hermod.test");
    expect(m.data.toString()).toMatch(/^Received: from client\.test .*by mta\.hermod\.test \(Hermod\)/s);
    const records = await h.waitForRecords((rs) => rs.some((x) => x.type === "d"));
    expect(records[0]).toMatchObject({ type: "d", rcpt: "b@dst.test", dsnStatus: "2.0.0 (success)", queue: "dst.test/{default}" });
    expect(h.mta.snapshot().counters).toMatchObject({ received: 1, delivered: 1 });
  });

  it("bounces a 5xx with a DSN to the sender, and none for the null sender", async () => {
    const { h, sink } = await setup({ rcpt: (a) => (a.startsWith("unknown") ? "550 5.1.1 User unknown" : undefined) });
    await sendRaw(h.port, { from: "a@src.test", to: ["unknown@dst.test"], body: msg("bounce me") });
    await sendRaw(h.port, { from: "", to: ["unknown2@dst.test"], body: msg("null sender") });
    await h.waitForRecords((rs) => rs.filter((x) => x.type === "b").length === 2);
    const [dsn] = await sink.waitFor(1);
    expect(dsn.from).toBe("");
    expect(dsn.to).toEqual(["a@src.test"]);
    const text = dsn.data.toString();
    expect(text).toContain("report-type=delivery-status");
    expect(text).toContain("Final-Recipient: rfc822; unknown@dst.test");
    expect(text).toMatch(/Status: 5\.1\.1/);
    const b = h.records.find((x) => x.rcpt === "unknown@dst.test")!;
    expect(b).toMatchObject({ type: "b", bounceCat: "bad-mailbox" });
    // Give a second DSN (for the null sender) the chance to appear: it must not.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages).toHaveLength(1);
  });

  it("retries a 4xx per retry-after and delivers on the second attempt", async () => {
    let tries = 0;
    const { h, sink } = await setup({ rcpt: () => (tries++ === 0 ? "450 4.2.0 Greylisted, try again" : undefined) });
    await sendRaw(h.port, { from: "a@src.test", to: ["grey@dst.test"], body: msg("grey") });
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"));
    const types = h.records.map((r) => r.type);
    expect(types).toEqual(["t", "d"]);
    const [t, d] = h.records;
    expect(d.timeLogged - t.timeLogged).toBeGreaterThanOrEqual(900);
  });

  it("delivers each recipient of a multi-domain message once, with per-recipient outcomes", async () => {
    const { h, sink } = await setup({ rcpt: (a) => (a.startsWith("no@") ? "550 5.1.1 no such user" : undefined) });
    await sendRaw(h.port, { from: "a@src.test", to: ["x@one.test", "y@two.test", "no@two.test"], body: msg("multi") });
    await h.waitForRecords((rs) => rs.length >= 3);
    await sink.waitFor(3).catch((e) => {
      throw new Error(`${e}: ${JSON.stringify(sink.messages.map((m) => [m.from, m.to]))} ${JSON.stringify(h.mta.snapshot())}`);
    });
    const delivered = sink.messages.filter((m) => m.from !== "").flatMap((m) => m.to).sort();
    expect(delivered).toEqual(["x@one.test", "y@two.test"]);
    expect(h.records.map((r) => `${r.type}:${r.rcpt}`).sort()).toEqual(["b:no@two.test", "d:x@one.test", "d:y@two.test"]);
  });
});

describe("opportunistic STARTTLS on delivery", () => {
  it("encrypts when the next hop offers STARTTLS, records the TLS facts, and stays plain with use-starttls no", async () => {
    const { makeTestCertificate } = await import("./testing/test-cert");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const pem = fs.readFileSync(makeTestCertificate(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-sink-cert-"))));
    const sink = await startSink({ tls: { key: pem, cert: pem } });
    cleanup.push(() => sink.close());
    const h = await startHarness(
      (port) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, blocks: ["<domain plain.test>", "    use-starttls no", "</domain>"] }),
    );
    cleanup.push(() => h.stop());
    await sendRaw(h.port, { from: "a@src.test", to: ["b@tls.test"], body: msg("tls") });
    await sendRaw(h.port, { from: "a@src.test", to: ["b@plain.test"], body: msg("plain") });
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 2);
    const byRcpt = (rcpt: string) => sink.messages.find((m) => m.to.includes(rcpt))!;
    expect(byRcpt("b@tls.test").secure).toBe(true);
    expect(byRcpt("b@plain.test").secure).toBe(false);
    const tls = h.records.find((r) => r.rcpt === "b@tls.test")!;
    expect(tls.dlvTlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls.dlvTlsCipher).not.toBe("");
    expect(h.records.find((r) => r.rcpt === "b@plain.test")!.dlvTlsProtocol).toBe("");
  });
});

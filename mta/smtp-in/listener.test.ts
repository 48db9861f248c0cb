import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness";
import { loopbackRelayConfig } from "../testing/relay-config";
import { RawSmtp, sendRaw } from "../testing/raw-smtp";
import { startSink, type Sink } from "../testing/sink";
import { makeTestCertificate } from "../testing/test-cert";

let certFile = "";
beforeAll(() => {
  certFile = makeTestCertificate(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-cert-")));
});

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(source = "", global = ""): Promise<{ h: Harness; sink: Sink }> {
  const sink = await startSink();
  cleanup.push(() => sink.close());
  const h = await startHarness(
    (port) =>
      loopbackRelayConfig({
        smtpPort: port,
        sinkPort: sink.port,
        hostName: "mta.hermod.test",
        global: global ? [global] : [],
        sourceExtra: source ? [source] : [],
        acctFile: false,
      }),
  );
  cleanup.push(() => h.stop());
  return { h, sink };
}

const queueFiles = (h: Harness) => fs.readdirSync(path.join(h.dataDir, "spool", "queue"));

async function session(port: number, localAddress?: string): Promise<RawSmtp> {
  const c = await RawSmtp.connect(port, "127.0.0.1", localAddress);
  cleanup.push(async () => c.close());
  expect(await c.reply()).toMatch(/^220 /);
  expect(await c.command("EHLO client.test")).toMatch(/^250/);
  return c;
}

describe("SMTP listener rules (reliability.md §3)", () => {
  it("relays one message per DATA with canonical line endings, whatever bare CR/LF the client sent", async () => {
    const { h, sink } = await setup();
    const smuggle = "Subject: s\r\n\r\nX\n.\nMAIL FROM:<spoof@victim.test>\nRCPT TO:<x@dst.test>\nDATA\nFrom: ceo@victim.test\n.\nY\r.\rZ";
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["b@dst.test"], body: smuggle });
    expect(r.data).toMatch(/^250 /);
    await h.waitForRecords((rs) => rs.some((x) => x.type === "d"));
    expect(sink.messages).toHaveLength(1);
    const data = sink.messages[0].data.toString("latin1");
    expect(data).toContain("MAIL FROM:<spoof@victim.test>\r\n");
    expect(/\r(?!\n)|(?<!\r)\n/.test(data)).toBe(false);
    expect(sink.messages.some((m) => m.from === "spoof@victim.test")).toBe(false);
  });

  it("refuses a message over max-message-size after DATA with 552 5.3.4 and keeps nothing", async () => {
    const { h } = await setup("max-message-size 10k");
    const c = await session(h.port);
    expect(await c.command("MAIL FROM:<a@src.test> SIZE=20000")).toMatch(/^552 5\.3\.4 /);
    expect(await c.command("MAIL FROM:<a@src.test>")).toMatch(/^250/);
    expect(await c.command("RCPT TO:<b@dst.test>")).toMatch(/^250/);
    expect(await c.command("DATA")).toMatch(/^354/);
    c.write("Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(60) + ".\r\n");
    expect(await c.reply()).toMatch(/^552 5\.3\.4 /);
    expect(await c.command("NOOP")).toMatch(/^250/);
    expect(queueFiles(h)).toEqual([]);
    expect(fs.readdirSync(path.join(h.dataDir, "spool", "tmp"))).toEqual([]);
  });

  it("caps recipients with 452 4.5.3 and keeps the ones already accepted", async () => {
    const { h, sink } = await setup("max-rcpt-per-message 3");
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["1@dst.test", "2@dst.test", "3@dst.test", "4@dst.test"], body: "Subject: x\r\n\r\nx" });
    expect(r.rcpt.slice(0, 3).every((x) => x.startsWith("250"))).toBe(true);
    expect(r.rcpt[3]).toMatch(/^452 4\.5\.3 /);
    expect(r.data).toMatch(/^250/);
    await h.waitForRecords((rs) => rs.filter((x) => x.type === "d").length === 3);
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(["1@dst.test", "2@dst.test", "3@dst.test"]);
  });

  it("answers a command line over 512 octets with 500 5.5.2 and carries on", async () => {
    const { h } = await setup();
    const c = await session(h.port);
    expect(await c.command("NOOP " + "x".repeat(600))).toMatch(/^500 5\.5\.2 /);
    expect(await c.command("MAIL FROM:<a@src.test>")).toMatch(/^250/);
    expect(await c.command("RCPT TO:<" + "a".repeat(64) + "@dst.test>")).toMatch(/^250/);
  });

  it("refuses a message with max-message-hops Received headers (554 5.4.0), accepts one fewer", async () => {
    const { h } = await setup("max-message-hops 30");
    const hops = (n: number) => "Received: from x by y; Mon, 1 Jan 2024 00:00:00 +0000\r\n".repeat(n) + "Subject: loop\r\n\r\nbody";
    const ok = await sendRaw(h.port, { from: "a@src.test", to: ["b@dst.test"], body: hops(29) });
    expect(ok.data).toMatch(/^250/);
    const loop = await sendRaw(h.port, { from: "a@src.test", to: ["b@dst.test"], body: hops(30) });
    expect(loop.data).toMatch(/^554 5\.4\.0 /);
  });

  it("relays only for configured sources", async () => {
    const { h } = await setup();
    const r = await sendRaw(h.port, { from: "a@src.test", to: ["b@dst.test"], body: "x", localAddress: "127.0.0.2" });
    expect(r.rcpt[0]).toMatch(/^554 5\.7\.1 <b@dst\.test>: Relay access denied/);
  });

  it("resets the session after STARTTLS and drops plaintext pipelined behind it", async () => {
    const { h } = await setup("", `smtp-server-tls-certificate ${certFile}`);
    const c = await session(h.port);
    c.write("STARTTLS\r\nRSET\r\n");
    expect(await c.reply()).toMatch(/^220 /);
    await c.startTls();
    expect(await c.command("MAIL FROM:<a@src.test>")).toMatch(/^503 /);
    expect(await c.command("EHLO client.test")).toMatch(/^250/);
    expect(await c.command("MAIL FROM:<a@src.test>")).toMatch(/^250/);
  });

  it("drains on stop: new sessions get 421, a message in DATA is spooled and answered 250", async () => {
    const { h } = await setup();
    const c = await session(h.port);
    await c.command("MAIL FROM:<a@src.test>");
    await c.command("RCPT TO:<b@dst.test>");
    expect(await c.command("DATA")).toMatch(/^354/);
    c.write("Subject: in flight\r\n\r\nfirst half\r\n");
    const stopping = h.mta.stop(5_000);
    const late = await RawSmtp.connect(h.port);
    cleanup.push(async () => late.close());
    expect(await late.reply()).toMatch(/^421 4\.3\.2 /);
    c.write("second half\r\n.\r\n");
    expect(await c.reply()).toMatch(/^250 /);
    await stopping;
  });
});

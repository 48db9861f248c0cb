import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { RawSmtp, sendRaw } from "./raw-smtp";
import { REPLIES, greylist, startSink, type Sink, type SinkOptions } from "./sink";

const body = "Subject: t\r\n\r\nhello\r\n";
let sinks: Sink[] = [];
afterEach(async () => {
  await Promise.all(sinks.map((s) => s.close()));
  sinks = [];
});

async function sink(opts: SinkOptions = {}): Promise<Sink> {
  const s = await startSink(opts);
  sinks.push(s);
  return s;
}

/** Connects, reads the greeting and says EHLO. */
async function session(port: number): Promise<RawSmtp> {
  const c = await RawSmtp.connect(port);
  expect(await c.reply()).toMatch(/^220 /);
  await c.command("EHLO client.test");
  return c;
}

describe("loopback sink: the original API", () => {
  it("answers from callbacks and keeps accepted messages", async () => {
    const s = await sink({ script: { rcpt: (a) => (a.startsWith("no") ? "550 5.1.1 nope" : undefined) } });
    const r = await sendRaw(s.port, { from: "a@src.test", to: ["no@dst.test", "yes@dst.test"], body });
    expect(r.rcpt).toEqual(["550 5.1.1 nope", "250 Accepted"]);
    expect(r.data).toBe("250 2.0.0 Ok: queued");
    const [m] = await s.waitFor(1);
    expect(m).toMatchObject({ from: "a@src.test", to: ["yes@dst.test"], helo: "client.test", secure: false, remoteAddress: "127.0.0.1" });
  });
});

describe("loopback sink: plans", () => {
  it("replies per domain at RCPT and at DATA, and records every attempt", async () => {
    const s = await sink({ plan: { domains: { "gone.test": { rcpt: { reply: REPLIES.userUnknown } }, "full.test": { data: { reply: REPLIES.mailboxFull } } } } });
    await sendRaw(s.port, { from: "a@src.test", to: ["x@gone.test", "y@ok.test"], body });
    const full = await sendRaw(s.port, { from: "a@src.test", to: ["z@full.test"], body });
    expect(full.data).toBe(REPLIES.mailboxFull);
    expect(s.transactions.map((t) => [t.from, t.rcpts.map((r) => r.reply), t.reply])).toEqual([
      ["a@src.test", [REPLIES.userUnknown, "250 Accepted"], "250 2.0.0 Ok: queued"],
      ["a@src.test", ["250 Accepted"], REPLIES.mailboxFull],
    ]);
    expect(s.attemptsFor("z@full.test")).toMatchObject([{ reply: REPLIES.mailboxFull, accepted: false }]);
    expect(s.messages.map((m) => m.to)).toEqual([["y@ok.test"]]);
    expect(s.transactions[0]).toMatchObject({ helo: "client.test", tls: null, connection: { clientAddress: "127.0.0.1" } });
  });

  it("greylists the first attempt of each sender and recipient pair", async () => {
    const s = await sink({ plan: { domains: { "grey.test": { rcpt: greylist() } } } });
    const first = await sendRaw(s.port, { from: "a@src.test", to: ["u@grey.test"], body });
    const second = await sendRaw(s.port, { from: "a@src.test", to: ["u@grey.test"], body });
    const otherSender = await sendRaw(s.port, { from: "b@src.test", to: ["u@grey.test"], body });
    expect([first.rcpt[0], second.rcpt[0], otherSender.rcpt[0]]).toEqual([REPLIES.greylisted, "250 Accepted", REPLIES.greylisted]);
    expect(s.attemptsFor("u@grey.test").map((a) => a.accepted)).toEqual([false, true, false]);
    expect(s.spacingMs("u@grey.test")).toHaveLength(2);
  });

  it("closes after a 421, or keeps the session open when told to", async () => {
    const s = await sink({ plan: { domains: { "rl.test": { rcpt: { reply: REPLIES.rateLimited } }, "soft.test": { rcpt: { reply: REPLIES.rateLimited, close: false } } } } });
    const c = await session(s.port);
    await c.command("MAIL FROM:<a@src.test>");
    expect(await c.command("RCPT TO:<x@rl.test>")).toBe(REPLIES.rateLimited);
    await s.until(() => s.connections[0].closedAt !== null, 2_000, "the close");
    const d = await session(s.port);
    await d.command("MAIL FROM:<a@src.test>");
    expect(await d.command("RCPT TO:<x@soft.test>")).toBe(REPLIES.rateLimited);
    expect(await d.command("NOOP")).toMatch(/^250/);
    d.close();
  });

  it("delays replies, and stays silent after the dot when told to", async () => {
    const s = await sink({ plan: { domains: { "slow.test": { rcpt: { delayMs: 300 } }, "mute.test": { data: { silent: true } } } } });
    const c = await session(s.port);
    await c.command("MAIL FROM:<a@src.test>");
    const t0 = Date.now();
    expect(await c.command("RCPT TO:<x@slow.test>")).toBe("250 Accepted");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await c.command("RSET");
    await c.command("MAIL FROM:<a@src.test>");
    await c.command("RCPT TO:<x@mute.test>");
    await c.command("DATA");
    c.write(`${body}.\r\n`);
    await expect(c.reply(500)).rejects.toThrow(/timed out/);
    expect(s.transactions[1]).toMatchObject({ reply: null, message: null });
    expect(s.transactions[1].dataAt).not.toBeNull();
    c.close();
  });

  it("refuses over a domain's rate and computes rates per domain", async () => {
    const s = await sink({ plan: { domains: { "rate.test": { rateLimit: { perSecond: 2, close: false } } } } });
    const from = Date.now();
    const replies: (string | null)[] = [];
    for (let i = 0; i < 3; i++) replies.push((await sendRaw(s.port, { from: "a@src.test", to: [`u${i}@rate.test`], body })).rcpt[0]);
    expect(replies).toEqual(["250 Accepted", "250 Accepted", REPLIES.rateLimited]);
    const to = from + 1_000;
    expect(s.acceptedTimes("rate.test")).toHaveLength(2);
    expect(s.ratePerSecond("rate.test", from, to)).toBe(2);
  });
});

describe("loopback sink: connections", () => {
  it("gives a domain a listener of its own for a greeting delay, and routes it", async () => {
    const s = await sink({ plan: { domains: { "late.test": { listener: { greetingDelayMs: 400 } } } } });
    expect(s.portOf("LATE.test")).not.toBe(s.port);
    expect(s.portOf("other.test")).toBe(s.port);
    expect(s.routes()).toEqual([`<domain late.test>\n    smtp-hosts [127.0.0.1]:${s.portOf("late.test")}\n</domain>`]);
    const t0 = Date.now();
    const c = await session(s.portOf("late.test"));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(s.connectionsFor("late.test")).toHaveLength(1);
    c.close();
  });

  it("accepts a connection and never greets on a silent listener", async () => {
    const s = await sink({ plan: { domains: { "void.test": { listener: { silent: true } } } } });
    const c = await RawSmtp.connect(s.portOf("void.test"));
    await expect(c.reply(500)).rejects.toThrow(/timed out/);
    expect(s.connectionsFor("void.test")).toMatchObject([{ closedAt: null, helo: null, listenerDomain: "void.test" }]);
    c.close();
  });

  it("counts concurrent connections per domain", async () => {
    const s = await sink();
    const open = await Promise.all([1, 2, 3].map(() => session(s.port)));
    for (const [i, c] of open.entries()) {
      await c.command("MAIL FROM:<a@src.test>");
      await c.command(`RCPT TO:<x@${i < 2 ? "two" : "one"}.test>`);
    }
    expect(s.openConnections()).toBe(3);
    for (const c of open) c.close();
    await s.until(() => s.openConnections() === 0, 2_000, "closes");
    const later = await session(s.port);
    later.close();
    expect(s.maxConcurrentConnections()).toBe(3);
    expect(s.maxConcurrentConnections("two.test")).toBe(2);
    expect(s.maxConcurrentConnections("one.test")).toBe(1);
  });

  it("records the TLS protocol and cipher of a STARTTLS session (nodemailer client)", async () => {
    const s = await sink({ listener: { tls: "offer" } });
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: s.port, secure: false, tls: { rejectUnauthorized: false } });
    await transport.sendMail({ envelope: { from: "a@src.test", to: ["b@dst.test"] }, raw: body });
    expect(s.transactions[0].tls).toMatchObject({ protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String) });
    expect(s.messages[0].secure).toBe(true);
    await s.until(() => s.connections[0].closedAt !== null, 2_000, "the close");
  });

  it("offers STARTTLS with a handshake that fails", async () => {
    const s = await sink({ listener: { tls: "fail" } });
    const c = await session(s.port);
    expect(await c.command("STARTTLS")).toMatch(/^220 /);
    await expect(c.startTls()).rejects.toThrow();
    await s.until(() => s.connections[0]?.closedAt !== null, 2_000, "the close");
    expect(s.connections[0]).toMatchObject({ tls: null, tlsFailed: true });
  });
});

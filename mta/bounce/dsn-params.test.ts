/**
 * RFC 3461 parameters given at injection, honoured in the DSNs Hermod generates, end to end: mail is
 * sent over SMTP with NOTIFY/ORCPT/RET/ENVID, the sink refuses some recipients, and the DSNs the sink
 * then receives (from `<>`, to the original sender) are read. No DSN for NOTIFY=NEVER, for a
 * NOTIFY that does not ask for the event, or for the null sender; one DSN reporting each recipient.
 */

import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitUntil, type Harness } from "../testing/harness";
import { loopbackRelayConfig } from "../testing/relay-config";
import { REPLIES, startSink, type Sink, type SinkMessage } from "../testing/sink";
import { injectWithParams } from "./test-inject";

let sink: Sink;
let h: Harness;

const BODY = (tag: string) => `From: ${tag}@src.test\r\nSubject: dsn ${tag}\r\nMessage-ID: <${tag}@src.test>\r\n\r\nbody of ${tag}, not for headers-only DSNs`;

beforeAll(async () => {
  sink = await startSink({ plan: { domains: { "bad.test": { rcpt: { reply: REPLIES.userUnknown } } } } });
  h = await startHarness((port) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, acctFile: false, hostName: "mta.hermod.test" }));
  // No DSN expected for these four.
  await injectWithParams(h.port, "<never@src.test>", ["<n@bad.test> NOTIFY=NEVER"], BODY("never"));
  await injectWithParams(h.port, "<>", ["<w@bad.test>"], BODY("null"));
  await injectWithParams(h.port, "<success@src.test>", ["<s@bad.test> NOTIFY=SUCCESS"], BODY("success"));
  await injectWithParams(h.port, "<quiet@src.test>", ["<ok2@good.test>"], BODY("quiet"));
  // One DSN each.
  await injectWithParams(h.port, "<hdrs@src.test> RET=HDRS ENVID=env+2DA", ["<x@bad.test> NOTIFY=FAILURE ORCPT=rfc822;orig-x@bad.test", "<y@bad.test>"], BODY("hdrs"));
  await injectWithParams(h.port, "<full@src.test> RET=FULL", ["<z@bad.test> NOTIFY=DELAY,FAILURE"], BODY("full"));
  await injectWithParams(h.port, "<relay@src.test>", ["<ok@good.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;orig-ok@good.test"], BODY("relay"));
  // Everything settled: the originals and every DSN delivered, nothing left in the spool.
  await waitUntil(() => h.mta.snapshot().totals.queuedMessages === 0 && h.records.length >= 11, 15_000, "an empty spool");
});

afterAll(async () => {
  await h?.stop();
  await sink?.close();
});

const dsns = (): SinkMessage[] => sink.messages.filter((m) => m.from === "");
const dsnTo = (sender: string): string[] => dsns().filter((m) => m.to.includes(sender)).map((m) => m.data.toString("utf8"));
/** The value of `field` in each block of the delivery-status part where it occurs. */
const fields = (dsn: string, field: string): string[] => [...dsn.matchAll(new RegExp(`^${field}: *(.*)$`, "gmi"))].map((m) => m[1].trim());

describe("DSNs honour the envelope's DSN parameters", () => {
  it("sends one DSN per sender that asked for one, none for NEVER, SUCCESS-only, the null sender, or a delivery by default", () => {
    expect(dsns().map((m) => m.to[0]).sort()).toEqual(["full@src.test", "hdrs@src.test", "relay@src.test"]);
  });

  it("reports every failed recipient once, with ENVID and ORCPT echoed and RET=HDRS returning headers only", () => {
    const [dsn] = dsnTo("hdrs@src.test");
    expect(fields(dsn, "Original-Envelope-Id")).toEqual(["env-A"]);
    expect(fields(dsn, "Final-Recipient")).toEqual(["rfc822; x@bad.test", "rfc822; y@bad.test"]);
    expect(fields(dsn, "Original-Recipient")).toEqual(["rfc822;orig-x@bad.test"]);
    expect(fields(dsn, "Action")).toEqual(["failed", "failed"]);
    expect(fields(dsn, "Status")).toEqual(["5.1.1", "5.1.1"]);
    expect(dsn).toContain("Content-Type: text/rfc822-headers");
    expect(dsn).toContain("Subject: dsn hdrs");
    expect(dsn).not.toContain("body of hdrs");
  });

  it("returns the whole message for RET=FULL", () => {
    const [dsn] = dsnTo("full@src.test");
    expect(dsn).toContain("Content-Type: message/rfc822");
    expect(dsn).toContain("body of full");
    expect(fields(dsn, "Original-Envelope-Id")).toEqual([]);
  });

  it("reports a relay for NOTIFY=SUCCESS when the next hop does not support DSN, headers only", () => {
    const [dsn] = dsnTo("relay@src.test");
    expect(fields(dsn, "Action")).toEqual(["relayed"]);
    expect(fields(dsn, "Status")).toEqual(["2.0.0"]);
    expect(fields(dsn, "Original-Recipient")).toEqual(["rfc822;orig-ok@good.test"]);
    expect(dsn).toContain("Content-Type: text/rfc822-headers");
    expect(dsn).not.toContain("body of relay");
  });

  it("sends DSNs from the null sender with NOTIFY=NEVER semantics: a DSN is never reported on", () => {
    const dsnRecords = h.records.filter((r) => r.orig === "");
    // The null-sender original bounced (b) and DSNs were delivered (d); none of them produced a DSN.
    expect(dsnRecords.filter((r) => r.type === "b").map((r) => r.rcpt)).toEqual(["w@bad.test"]);
    expect(dsnRecords.filter((r) => r.type === "d")).toHaveLength(3);
  });
});

describe("a next hop that supports DSN", () => {
  it("gets each recipient's NOTIFY and ORCPT, and RET/ENVID, and reports delivery itself (no relay DSN from Hermod)", async () => {
    const seen: { mail: unknown; rcpts: { address: string; dsn: unknown }[] }[] = [];
    const server = new SMTPServer({
      hideDSN: false,
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, session, cb) {
        stream.resume();
        stream.on("end", () => {
          seen.push({ mail: session.envelope.dsn, rcpts: session.envelope.rcptTo.map((r) => ({ address: r.address, dsn: r.dsn })) });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.server.address() as { port: number }).port;
    const sink2 = await startSink();
    const h2 = await startHarness((p) =>
      loopbackRelayConfig({ smtpPort: p, sinkPort: sink2.port, acctFile: false, blocks: [`<domain dsnpeer.test>\n    smtp-hosts [127.0.0.1]:${port}\n</domain>`] }),
    );
    try {
      await injectWithParams(
        h2.port,
        "<s@src.test> RET=HDRS ENVID=e1",
        ["<a@dsnpeer.test> NOTIFY=SUCCESS ORCPT=rfc822;oa@dsnpeer.test", "<b@dsnpeer.test> NOTIFY=NEVER", "<c@dsnpeer.test> NOTIFY=NEVER"],
        BODY("peer"),
      );
      await waitUntil(() => h2.mta.snapshot().totals.queuedMessages === 0 && h2.records.length === 3, 10_000, "delivery");
      const rcpts = seen.flatMap((t) => t.rcpts).sort((x, y) => x.address.localeCompare(y.address));
      expect(rcpts).toEqual([
        { address: "a@dsnpeer.test", dsn: { notify: ["SUCCESS"], orcpt: "rfc822;oa@dsnpeer.test" } },
        { address: "b@dsnpeer.test", dsn: { notify: ["NEVER"] } },
        { address: "c@dsnpeer.test", dsn: { notify: ["NEVER"] } },
      ]);
      // b and c share their parameters, so they share a transaction; a has its own.
      expect(seen).toHaveLength(2);
      for (const t of seen) expect(t.mail).toMatchObject({ ret: "HDRS", envid: "e1" });
      expect(sink2.messages).toEqual([]);
    } finally {
      await h2.stop();
      await sink2.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

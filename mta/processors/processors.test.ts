import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../records/acct-csv-format";
import { afterEach, describe, expect, it } from "vitest";
import { createFsSpool } from "../spool/fs-spool";
import { startHarness, waitUntil, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink, type Sink } from "../testing/sink";
import type { FeedbackRecord } from "./feedback-record";
import { ARF, crlf, DSN, NOT_A_REPORT } from "../testing/report-samples";

/** Reports come from outside: 127.0.0.2 is not a relaying source in the test config. */
const OUTSIDE = "127.0.0.2";

const PROCESSORS = [
  "<feedback-loop-processor>",
  "    forward-unmatched-to ops@dst.test",
  "    <address-list>",
  "        address fbl@hermod.test",
  "    </address-list>",
  "</feedback-loop-processor>",
  "<bounce-processor>",
  "    deliver-matched-email yes",
  "    <address-list>",
  "        address /^bounces(\\+.*)?@hermod\\.test$/",
  "    </address-list>",
  "</bounce-processor>",
  "<feedback-loop-processor>",
  "    deliver-unmatched-email no",
  "    <address-list>",
  "        domain quiet.hermod.test",
  "    </address-list>",
  "</feedback-loop-processor>",
  "<acct-file fbl.csv>",
  "    records f,rb,rs",
  "</acct-file>",
];

describe("feedback-loop and bounce processors over SMTP", () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup(dataDir?: string): Promise<{ h: Harness; sink: Sink; feedback: FeedbackRecord[] }> {
    const sink = await startSink({});
    cleanup.push(() => sink.close());
    const h = await startHarness((port) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, blocks: PROCESSORS }), dataDir ? { dataDir } : {});
    const feedback: FeedbackRecord[] = [];
    h.mta.events.on("feedback", (r) => feedback.push(r));
    cleanup.push(() => h.stop());
    return { h, sink, feedback };
  }

  it("accepts an ARF report from outside at the FBL address only, and writes one f record per complainant", async () => {
    const { h, sink, feedback } = await setup();
    const r = await sendRaw(h.port, { from: "fbl@isp.test", to: ["fbl@hermod.test", "someone@dst.test"], body: crlf(ARF), localAddress: OUTSIDE });
    expect(r.rcpt[0]).toMatch(/^250/);
    expect(r.rcpt[1]).toMatch(/^554 5\.7\.1/);
    expect(r.data).toMatch(/^250/);
    await waitUntil(() => feedback.length === 2, 10_000, "two f records");
    expect(feedback.map((f) => f.rcpt)).toEqual(["Alice@isp.test", "bob@isp.test"]);
    expect(feedback[0]).toMatchObject({
      type: "f",
      format: "arf",
      feedbackType: "abuse",
      userAgent: "IspFbl/2.1",
      repSourceIp: OUTSIDE,
      reportingMta: "mail.isp.test",
      reportedDomain: "news.hermod.test",
      orig: "bounces@news.hermod.test",
      dlvSourceIp: "192.0.2.1",
      jobId: "spring-sale",
      srcType: "smtp",
    });
    expect(feedback[0].headers).toMatchObject({ "header_X-job": "spring-sale", header_Subject: "Spring sale", "arf_reported-uri": "http://news.hermod.test/unsubscribe,mailto:unsub@news.hermod.test" });
    // deliver-matched-email is off: nothing is delivered, and the report leaves the spool.
    await waitUntil(() => h.mta.snapshot().totals.queuedMessages === 0, 5_000, "an empty spool");
    expect(sink.messages.length).toBe(0);
  });

  it("forwards unmatched mail to forward-unmatched-to and writes no record", async () => {
    const { h, sink, feedback } = await setup();
    const r = await sendRaw(h.port, { from: "someone@elsewhere.test", to: ["fbl@hermod.test"], body: crlf(NOT_A_REPORT), localAddress: OUTSIDE });
    expect(r.data).toMatch(/^250/);
    const [m] = await sink.waitFor(1);
    expect(m.to).toEqual(["ops@dst.test"]);
    expect(m.from).toBe("someone@elsewhere.test");
    expect(m.data.toString()).toContain("please stop");
    // Processor mail is always authenticated on receipt; the forwarded copy carries the results.
    expect(m.data.toString()).toMatch(/^Authentication-Results: [^;]+;[\s\S]*spf=/);
    expect(feedback).toEqual([]);
  });

  it("drops unmatched mail when neither delivery nor forwarding is configured, and delivers the other recipients", async () => {
    const { h, sink, feedback } = await setup();
    const r = await sendRaw(h.port, { from: "someone@dst.test", to: ["any@quiet.hermod.test", "colleague@dst.test"], body: crlf(NOT_A_REPORT) });
    expect(r.data).toMatch(/^250/);
    const [m] = await sink.waitFor(1);
    expect(m.to).toEqual(["colleague@dst.test"]);
    await waitUntil(() => h.mta.snapshot().totals.queuedMessages === 0, 5_000, "an empty spool");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages).toHaveLength(1);
    expect(feedback).toEqual([]);
  });

  it("turns an asynchronous DSN into rb (failed) and rs (delayed) records and, with deliver-matched-email, delivers it too", async () => {
    const { h, sink, feedback } = await setup();
    const r = await sendRaw(h.port, { from: "", to: ["bounces+x@hermod.test"], body: crlf(DSN), localAddress: OUTSIDE });
    expect(r.data).toMatch(/^250/);
    await waitUntil(() => feedback.length === 2, 10_000, "rb and rs records");
    expect(feedback[0]).toMatchObject({
      type: "rb",
      format: "dsn",
      orig: "bounces+x@hermod.test",
      rcpt: "frank@remote.test",
      orcpt: "rfc822;Frank@remote.test",
      dsnStatus: "5.1.1 (bad destination mailbox address)",
      dsnMta: "inbox.remote.test",
      reportingMta: "mx.remote.test",
      bounceCat: "bad-mailbox",
      envId: "env-42",
      jobId: "invoices-11",
    });
    expect(feedback[1]).toMatchObject({ type: "rs", rcpt: "gina@remote.test", dsnAction: "delayed", dsnStatus: "4.4.1 (no answer from host)", bounceCat: "" });
    const [m] = await sink.waitFor(1);
    expect(m.to).toEqual(["bounces+x@hermod.test"]);
    // The <acct-file> selecting rb and rs has them in PowerMTA's columns.
    await h.mta.stop();
    const rows = parseCsv(fs.readFileSync(path.join(h.dataDir, "fbl.csv"), "utf8"));
    const col = (row: string[], name: string) => row[rows[0].indexOf(name)];
    expect(rows.slice(1).map((r) => [col(r, "type"), col(r, "rcpt"), col(r, "dsnAction"), col(r, "bounceCat"), col(r, "header_X-job")])).toEqual([
      ["rb", "frank@remote.test", "", "bad-mailbox", "invoices-11"],
      ["rs", "gina@remote.test", "delayed", "", "invoices-11"],
    ]);
  });

  it("processes a report that was spooled but not processed when the engine stopped", async () => {
    const sinkFirst = await startSink({});
    cleanup.push(() => sinkFirst.close());
    // The state a crash between the 250 and processing leaves: the report durable in the spool, its recipient pending.
    const dir = (await import("node:fs")).mkdtempSync(path.join((await import("node:os")).tmpdir(), "hermod-fbl-"));
    const spool = createFsSpool({ dir: path.join(dir, "spool") });
    await spool.open();
    const writer = await spool.create({ receivedAt: Date.now(), mailFrom: "fbl@isp.test", recipients: [{ address: "fbl@hermod.test" }], source: { ip: OUTSIDE, helo: "isp.test", type: "smtp" } });
    await writer.write(crlf(ARF));
    await writer.commit();
    await spool.close();

    const { h, feedback } = await setup(dir);
    await waitUntil(() => feedback.length === 2, 10_000, "the recovered report's f records");
    expect(feedback.map((f) => [f.type, f.rcpt])).toEqual([
      ["f", "Alice@isp.test"],
      ["f", "bob@isp.test"],
    ]);
    await waitUntil(() => h.mta.snapshot().totals.queuedMessages === 0, 5_000, "an empty spool");
  });
});

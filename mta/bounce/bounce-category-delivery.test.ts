/**
 * Bounce categories end to end: every failure Hermod meets while delivering to the loopback sink gets
 * one of PowerMTA's categories in `bounceCat`, on `b` records and on `t` records alike, in the
 * engine's records and in the accounting CSV; `<bounce-category-patterns>` lines win over the
 * defaults; an expiry is `message-expired` whatever its last error said.
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCT_COLUMNS, parseCsv } from "../records/acct-csv-format";
import type { AcctRecord } from "../records/acct-record";
import { freePort } from "../testing/free-port";
import { startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { REPLIES, startSink, type Sink } from "../testing/sink";

let sink: Sink;
let h: Harness;

/** Recipient → the sink's reply at RCPT; one domain each, as a 4xx puts its whole queue in retry mode. */
const REPLY_AT_RCPT: Record<string, string> = {
  "u@gone.test": REPLIES.userUnknown,
  "u@full.test": REPLIES.mailboxFull,
  "u@fulltemp.test": "452 4.2.2 mailbox full, try later",
  "u@grey.test": REPLIES.greylisted,
  "u@spam.test": "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org",
  "u@custom.test": "550 5.7.1 ACME-42 go away",
  "u@invented.test": "550 5.7.1 ACME-43 go away",
  "old@expire.test": "452 4.2.2 mailbox full",
};

beforeAll(async () => {
  const recipients = Object.fromEntries(Object.entries(REPLY_AT_RCPT).map(([rcpt, reply]) => [rcpt, { rcpt: { reply } }]));
  sink = await startSink({ plan: { recipients, domains: { "full-at-data.test": { data: { reply: REPLIES.mailboxFull } } } } });
  const closedPort = await freePort();
  h = await startHarness((port) =>
    loopbackRelayConfig({
      smtpPort: port,
      sinkPort: sink.port,
      domainExtra: ["retry-after 1h"],
      blocks: [
        "<bounce-category-patterns>\n    /ACME-42/ content-related\n    /ACME-43/ acme-block\n</bounce-category-patterns>",
        "<domain expire.test>\n    retry-after 1s\n    bounce-after 2s\n</domain>",
        `<domain refused.test>\n    smtp-hosts [127.0.0.1]:${closedPort}\n</domain>`,
      ],
    }),
  );
  const to = [...Object.keys(REPLY_AT_RCPT), "u@full-at-data.test", "u@refused.test"];
  for (const rcpt of to) await sendRaw(h.port, { from: "a@src.test", to: [rcpt], body: "Subject: cat\r\n\r\nx\r\n" });
  await h.waitForRecords((rs) => to.every((rcpt) => rs.some((r) => r.rcpt === rcpt && (rcpt !== "old@expire.test" || r.type === "b"))), 15_000);
  await h.stop();
});

afterAll(async () => {
  await h?.stop();
  await sink?.close();
});

const first = (rcpt: string): AcctRecord => h.records.find((r) => r.rcpt === rcpt)!;

describe("bounceCat on b and t records", () => {
  it.each([
    ["u@gone.test", "b", "bad-mailbox"],
    ["u@full.test", "b", "quota-issues"],
    ["u@full-at-data.test", "b", "quota-issues"],
    ["u@fulltemp.test", "t", "quota-issues"],
    ["u@grey.test", "t", "other"],
    ["u@spam.test", "b", "spam-related"],
    ["u@refused.test", "t", "bad-connection"],
  ])("%s → %s %s", (rcpt, type, category) => {
    expect(first(rcpt)).toMatchObject({ type, bounceCat: category });
  });

  it("lets <bounce-category-patterns> win over the defaults, new names included", () => {
    expect(first("u@custom.test")).toMatchObject({ type: "b", bounceCat: "content-related" });
    expect(first("u@invented.test")).toMatchObject({ type: "b", bounceCat: "acme-block" });
  });

  it("classifies an expiry as message-expired though its last error says mailbox full", () => {
    const records = h.records.filter((r) => r.rcpt === "old@expire.test");
    expect(records[0]).toMatchObject({ type: "t", bounceCat: "quota-issues" });
    expect(records.at(-1)).toMatchObject({ type: "b", bounceCat: "message-expired", dsnStatus: expect.stringMatching(/^4\.4\.7 /) });
    expect(records.at(-1)!.dsnDiag).toContain("mailbox full");
  });

  it("never leaves bounceCat empty on a failure, nor sets it on a delivery", () => {
    for (const r of h.records) expect(r.bounceCat === "").toBe(r.type === "d");
  });

  it("writes the same category into the accounting CSV for b and t rows", async () => {
    const rows = parseCsv(await readFile(path.join(h.dataDir, "acct.csv"), "utf8"));
    const col = (name: string) => ACCT_COLUMNS.indexOf(name as (typeof ACCT_COLUMNS)[number]);
    const byRcpt = rows.slice(1).filter((r) => r[col("rcpt")] === "u@fulltemp.test" || r[col("rcpt")] === "u@gone.test");
    expect(byRcpt.map((r) => [r[col("type")], r[col("bounceCat")]]).sort()).toEqual([
      ["b", "bad-mailbox"],
      ["t", "quota-issues"],
    ]);
  });
});

/**
 * Outbound TLS policy per domain, end to end against the loopback sink: `use-starttls` encrypts when
 * the peer offers STARTTLS and sends in clear when it does not; `require-starttls` defers the mail,
 * never sending a byte of the transaction in clear, when STARTTLS is missing or its handshake fails.
 * The negotiated protocol and cipher land in `dlvTlsProtocol` / `dlvTlsCipher` (powermta.md §2.1).
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcctRecord } from "../records/acct-record";
import { startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink, type Sink } from "../testing/sink";

let sink: Sink;
let h: Harness;

/** Domain → [sink listener's STARTTLS behaviour, the domain's TLS directives]. */
const CASES = {
  "plain.test": ["none", "use-starttls yes"],
  "offer.test": ["offer", "use-starttls yes"],
  "off.test": ["offer", "use-starttls no"],
  "broken.test": ["fail", "use-starttls yes"],
  "req-ok.test": ["offer", "require-starttls yes"],
  "req-none.test": ["none", "require-starttls yes"],
  "req-fail.test": ["fail", "require-starttls yes"],
} as const;

beforeAll(async () => {
  const domains = Object.fromEntries(Object.entries(CASES).map(([d, [tls]]) => [d, { listener: { tls } }]));
  sink = await startSink({ plan: { domains } });
  const blocks = Object.entries(CASES).map(([d, [, directive]]) => `<domain ${d}>\n    smtp-hosts [127.0.0.1]:${sink.portOf(d)}\n    ${directive}\n    retry-after 1h\n</domain>`);
  h = await startHarness((port) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, acctFile: false, blocks }));
  for (const d of Object.keys(CASES)) await sendRaw(h.port, { from: "a@src.test", to: [`u@${d}`], body: "Subject: tls\r\n\r\nhello\r\n" });
  await h.waitForRecords((rs) => Object.keys(CASES).every((d) => rs.some((r) => r.rcpt === `u@${d}`)), 15_000);
});

afterAll(async () => {
  await h?.stop();
  await sink?.close();
});

const recordOf = (domain: string): AcctRecord => h.records.find((r) => r.rcpt === `u@${domain}`)!;
const transactionsOf = (domain: string) => sink.transactions.filter((t) => t.connection.listenerDomain === domain);

describe("use-starttls (opportunistic)", () => {
  it("encrypts when the peer offers STARTTLS, and accounts the protocol and cipher", () => {
    const r = recordOf("offer.test");
    expect(r.type).toBe("d");
    expect(r.dlvTlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.dlvTlsCipher).not.toBe("");
    const [tx] = transactionsOf("offer.test");
    expect(tx.tls).toEqual({ protocol: r.dlvTlsProtocol, cipher: expect.any(String) });
  });

  it("sends in clear, with empty TLS columns, when the peer offers no STARTTLS", () => {
    const r = recordOf("plain.test");
    expect(r).toMatchObject({ type: "d", dlvTlsProtocol: "", dlvTlsCipher: "" });
    expect(transactionsOf("plain.test")[0].tls).toBeNull();
  });

  it("does not start TLS when use-starttls is no", () => {
    expect(recordOf("off.test")).toMatchObject({ type: "d", dlvTlsProtocol: "", dlvTlsCipher: "" });
    expect(sink.connections.filter((c) => c.listenerDomain === "off.test").every((c) => c.tls === null && !c.tlsFailed)).toBe(true);
  });

  it("falls back to clear text when the handshake fails, rather than deferring the mail for ever", () => {
    const r = recordOf("broken.test");
    expect(r).toMatchObject({ type: "d", dlvTlsProtocol: "" });
    const conns = sink.connections.filter((c) => c.listenerDomain === "broken.test");
    expect(conns.some((c) => c.tlsFailed)).toBe(true);
    expect(transactionsOf("broken.test")).toHaveLength(1);
  });
});

describe("require-starttls", () => {
  it("delivers over TLS when the peer offers it", () => {
    const r = recordOf("req-ok.test");
    expect(r.type).toBe("d");
    expect(r.dlvTlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(transactionsOf("req-ok.test")[0].tls).not.toBeNull();
  });

  it.each([
    ["req-none.test", "4.7.4", /STARTTLS was not offered/],
    ["req-fail.test", "4.7.5", /TLS handshake failed/],
  ])("defers %s (%s) without sending MAIL FROM in clear", (domain, status, diag) => {
    const r = recordOf(domain);
    expect(r).toMatchObject({ type: "t", dsnAction: "delayed", dlvTlsProtocol: "", dlvTlsCipher: "", bounceCat: "bad-connection" });
    expect(r.dsnStatus.split(" ")[0]).toBe(status);
    expect(r.dsnDiag).toMatch(diag);
    expect(transactionsOf(domain)).toEqual([]);
    expect(sink.messages.some((m) => m.to.includes(`u@${domain}`))).toBe(false);
    expect(h.records.filter((x) => x.rcpt === `u@${domain}`).map((x) => x.type)).toEqual(["t"]);
  });
});

import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Envelope, EnvelopeRecipient } from "../spool/spool";
import { type DsnInput, type DsnRecipient, dsnEnvelope, dsnWanted, generateDsn } from "./dsn-generate";

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const ORIGINAL = "From: Ann <ann@src.test>\r\nTo: bob@example.org\r\nSubject: Spring sale\r\nMessage-ID: <m1@src.test>\r\n\r\nHello Bob,\r\nbody line 2\r\n";

function envelope(over: Partial<Envelope> = {}): Envelope {
  return {
    id: "0abc123",
    receivedAt: T0,
    mailFrom: "bounces@src.test",
    recipients: [{ address: "bob@example.org", orcpt: "rfc822;x@y.test" }],
    source: { ip: "10.0.0.5", helo: "app1.src.test", type: "smtp" },
    size: Buffer.byteLength(ORIGINAL),
    ...over,
  };
}

const FAILED: DsnRecipient = {
  address: "bob@example.org",
  orcpt: "rfc822;x@y.test",
  status: "5.1.1",
  diagnostic: "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown",
  remoteMta: "mx.example.org",
  action: "failed",
  lastAttemptAt: T0 + 5_000,
};

function input(over: Partial<DsnInput> = {}): DsnInput {
  return {
    reportingMta: "mta1.hermod.test",
    postmaster: "postmaster@hermod.test",
    envelope: envelope(),
    recipients: [FAILED],
    arrivalDate: T0,
    content: Readable.from([Buffer.from(ORIGINAL)]),
    now: T0 + 6_000,
    ...over,
  };
}

async function render(i: DsnInput): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of generateDsn(i)) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** A deliberately small MIME reader: header unfolding, boundary split. */
function splitEntity(raw: string): Part {
  const at = raw.indexOf("\r\n\r\n");
  const head = at < 0 ? raw : raw.slice(0, at);
  const headers = new Map<string, string>();
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const c = field.indexOf(":");
    if (c > 0) headers.set(field.slice(0, c).toLowerCase(), field.slice(c + 1).replace(/\r\n[ \t]/g, " ").trim());
  }
  return { headers, body: at < 0 ? "" : raw.slice(at + 4) };
}

function parseDsn(raw: string): { top: Part; parts: Part[] } {
  const top = splitEntity(raw);
  const boundary = /boundary="([^"]+)"/.exec(top.headers.get("content-type") ?? "")?.[1];
  if (!boundary) throw new Error("no boundary");
  const sections = `\r\n${top.body}`.split(`\r\n--${boundary}`);
  expect(sections.at(-1)).toBe("--\r\n");
  const parts = sections.slice(1, -1).map((s) => splitEntity(s.replace(/^\r\n/, "")));
  return { top, parts };
}

/** Fields of a message/delivery-status body: per-message block, then one block per recipient. */
function statusBlocks(body: string): Map<string, string>[] {
  return body
    .trim()
    .split(/\r\n\r\n/)
    .map((block) => splitEntity(`${block}\r\n\r\n`).headers);
}

const BARE = /\r(?!\n)|(?<!\r)\n/;

describe("generateDsn", () => {
  it("builds an RFC 3464 report with every required field (headers returned by default)", async () => {
    const raw = await render(input({ envelope: envelope({ envId: "abc" }) }));
    expect(raw).not.toMatch(BARE);
    const { top, parts } = parseDsn(raw);
    expect(top.headers.get("from")).toBe("Mail Delivery System <postmaster@hermod.test>");
    expect(top.headers.get("to")).toBe("<bounces@src.test>");
    expect(top.headers.get("auto-submitted")).toBe("auto-replied");
    expect(top.headers.get("mime-version")).toBe("1.0");
    expect(top.headers.get("subject")).toMatch(/Undelivered/);
    expect(top.headers.get("date")).toBe("Wed, 01 May 2024 10:00:06 +0000");
    expect(top.headers.get("message-id")).toMatch(/^<0abc123\.[0-9a-f]{16}\.dsn@mta1\.hermod\.test>$/);
    expect(top.headers.get("content-type")).toMatch(/^multipart\/report; report-type=delivery-status; boundary="/);
    expect(parts.map((p) => p.headers.get("content-type"))).toEqual([
      "text/plain; charset=utf-8",
      "message/delivery-status",
      "text/rfc822-headers",
    ]);
    expect(parts[0].body).toContain("<bob@example.org>: host mx.example.org said: 550 5.1.1");

    const [msg, rcpt] = statusBlocks(parts[1].body);
    expect(msg.get("reporting-mta")).toBe("dns; mta1.hermod.test");
    expect(msg.get("original-envelope-id")).toBe("abc");
    expect(msg.get("arrival-date")).toBe("Wed, 01 May 2024 10:00:00 +0000");
    expect(rcpt.get("final-recipient")).toBe("rfc822; bob@example.org");
    expect(rcpt.get("original-recipient")).toBe("rfc822;x@y.test");
    expect(rcpt.get("action")).toBe("failed");
    expect(rcpt.get("status")).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
    expect(rcpt.get("status")).toBe("5.1.1");
    expect(rcpt.get("remote-mta")).toBe("dns; mx.example.org");
    expect(rcpt.get("diagnostic-code")).toBe("smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown");
    expect(rcpt.get("last-attempt-date")).toBe("Wed, 01 May 2024 10:00:05 +0000");
    expect(rcpt.has("will-retry-until")).toBe(false);

    expect(parts[2].body).toContain("Subject: Spring sale\r\n");
    expect(parts[2].body).not.toContain("Hello Bob");
  });

  it("omits ENVID, ORCPT, Remote-MTA and Diagnostic-Code when unknown", async () => {
    const r: DsnRecipient = { address: "bob@example.org", status: "4.4.7", action: "failed", lastAttemptAt: T0 };
    const { parts } = parseDsn(await render(input({ recipients: [r] })));
    const [msg, rcpt] = statusBlocks(parts[1].body);
    expect(msg.has("original-envelope-id")).toBe(false);
    expect([...rcpt.keys()]).toEqual(["final-recipient", "action", "status", "last-attempt-date"]);
    expect(parts[0].body).toContain("4.4.7 (delivery time expired)");
  });

  it("returns the full message for RET=FULL", async () => {
    const { parts } = parseDsn(await render(input({ envelope: envelope({ ret: "FULL" }) })));
    expect(parts[2].headers.get("content-type")).toBe("message/rfc822");
    expect(parts[2].body).toBe(ORIGINAL);
  });

  it("falls back to headers when RET=FULL is over the cap, known size or not", async () => {
    const big = ORIGINAL + "x".repeat(2_000) + "\r\n";
    for (const size of [Buffer.byteLength(big), 0]) {
      const raw = await render(input({ envelope: envelope({ ret: "FULL", size }), content: Readable.from([big]), maxFullBytes: 1_000 }));
      const { parts } = parseDsn(raw);
      expect(parts[2].headers.get("content-type")).toBe("text/rfc822-headers");
      expect(parts[2].body).not.toContain("xxx");
      expect(parts[0].body).toContain("too large");
    }
  });

  it("reads no further than the header block for RET=HDRS", async () => {
    let pulled = 0;
    async function* source() {
      pulled++;
      yield "From: a@src.test\r\nSubject: x\r\n";
      pulled++;
      yield "\r\nbody\r\n";
      pulled++;
      throw new Error("read too far");
    }
    const { parts } = parseDsn(await render(input({ envelope: envelope({ ret: "HDRS" }), content: source() })));
    expect(parts[2].body).toBe("From: a@src.test\r\nSubject: x\r\n");
    expect(pulled).toBe(2);
  });

  it("canonicalises bare CR/LF in the original, including across chunk boundaries", async () => {
    const content = Readable.from([Buffer.from("From: a@src.test\r"), Buffer.from("\nX: y\n\nbody\rmore\n")]);
    const raw = await render(input({ envelope: envelope({ ret: "FULL", size: 0 }), content }));
    expect(raw).not.toMatch(BARE);
    expect(parseDsn(raw).parts[2].body).toBe("From: a@src.test\r\nX: y\r\n\r\nbody\r\nmore\r\n");
  });

  it("never lets input split a header or the report", async () => {
    const evil: DsnRecipient = {
      ...FAILED,
      address: "bob@example.org\r\nBcc: victim@else.test",
      orcpt: "rfc822;x@y.test\nAction: delivered",
      diagnostic: "550 no\r\nStatus: 2.0.0\r\n\r\nInjected: yes",
      remoteMta: "mx\rX-Evil: 1",
    };
    const raw = await render(input({ recipients: [evil], envelope: envelope({ mailFrom: "a@src.test\r\nBcc: x@y", envId: "e\r\nX: 1" }) }));
    expect(raw).not.toMatch(BARE);
    expect(raw).not.toMatch(/\r\n(Bcc|Injected|X-Evil|X):/);
    const blocks = statusBlocks(parseDsn(raw).parts[1].body);
    expect(blocks).toHaveLength(2);
    expect(blocks[1].get("action")).toBe("failed");
    expect(blocks[1].get("status")).toBe("5.1.1");
  });

  it("folds long replies, escapes non-ASCII in the report and marks 8-bit parts", async () => {
    const diagnostic = `550 5.7.1 ${"word ".repeat(300)}${"z".repeat(3_000)} réjeté`;
    const raw = await render(input({ recipients: [{ ...FAILED, diagnostic }] }));
    for (const line of raw.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
    const { top, parts } = parseDsn(raw);
    expect(top.headers.get("content-transfer-encoding")).toBe("8bit");
    expect(parts[0].headers.get("content-transfer-encoding")).toBe("8bit");
    expect(parts[1].body).toMatch(/r\\x\{E9\}jet\\x\{E9\}/);
    expect(/[^\x00-\x7f]/.test(parts[1].body)).toBe(false);
  });

  it("writes a delay warning with Will-Retry-Until for several recipients", async () => {
    const delayed = (address: string): DsnRecipient => ({
      address,
      status: "4.2.2",
      diagnostic: "452 4.2.2 Mailbox full",
      action: "delayed",
      lastAttemptAt: T0 + 3_600_000,
      willRetryUntil: T0 + 5 * 86_400_000,
    });
    const raw = await render(input({ recipients: [delayed("a@example.org"), delayed("b@example.org")] }));
    const { top, parts } = parseDsn(raw);
    expect(top.headers.get("subject")).toMatch(/Delayed/);
    const blocks = statusBlocks(parts[1].body);
    expect(blocks.slice(1).map((b) => [b.get("final-recipient"), b.get("action"), b.get("will-retry-until")])).toEqual([
      ["rfc822; a@example.org", "delayed", "Mon, 06 May 2024 10:00:00 +0000"],
      ["rfc822; b@example.org", "delayed", "Mon, 06 May 2024 10:00:00 +0000"],
    ]);
    expect(parts[0].body).toContain("YOU DO NOT NEED TO RESEND");
  });

  it("returns headers only in a delay or relay report, even for RET=FULL", async () => {
    for (const action of ["delayed", "relayed"] as const) {
      const r: DsnRecipient = { address: "bob@example.org", status: "", action, lastAttemptAt: T0 };
      const { top, parts } = parseDsn(await render(input({ recipients: [r], envelope: envelope({ ret: "FULL" }) })));
      expect(parts[2].headers.get("content-type")).toBe("text/rfc822-headers");
      expect(parts[2].body).not.toContain("Hello Bob");
      const [, rcpt] = statusBlocks(parts[1].body);
      expect([rcpt.get("action"), rcpt.get("status")]).toEqual([action, action === "delayed" ? "4.0.0" : "2.0.0"]);
      expect(top.headers.get("subject")).toMatch(action === "delayed" ? /Delayed/ : /Successful Mail Relay/);
    }
  });

  it("reports an invalid status as the action's class and a local reason as X-Hermod", async () => {
    const r: DsnRecipient = { ...FAILED, status: "bogus", diagnostic: "Connection timed out", remoteMta: undefined };
    const [, rcpt] = statusBlocks(parseDsn(await render(input({ recipients: [r] }))).parts[1].body);
    expect(rcpt.get("status")).toBe("5.0.0");
    expect(rcpt.get("diagnostic-code")).toBe("X-Hermod; Connection timed out");
  });

  it("gives the same Message-ID when the same DSN is generated again", async () => {
    const id = async () => parseDsn(await render(input())).top.headers.get("message-id");
    expect(await id()).toBe(await id());
  });

  it("refuses the null sender, an empty list and mixed actions", async () => {
    await expect(render(input({ envelope: envelope({ mailFrom: "" }) }))).rejects.toThrow(RangeError);
    await expect(render(input({ recipients: [] }))).rejects.toThrow(RangeError);
    await expect(render(input({ recipients: [FAILED, { ...FAILED, action: "delayed" }] }))).rejects.toThrow(RangeError);
  });

  it("keeps its wire guarantees for arbitrary inputs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), fc.string(), async (address, diagnostic, status, body) => {
        const raw = await render(
          input({
            recipients: [{ address, diagnostic, status, action: "failed", lastAttemptAt: T0 }],
            envelope: envelope({ ret: "FULL", size: 0 }),
            content: Readable.from([Buffer.from(body)]),
          }),
        );
        expect(raw).not.toMatch(BARE);
        for (const line of raw.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
        const [, rcpt] = statusBlocks(parseDsn(raw).parts[1].body);
        expect(rcpt.get("status")).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe("dsnWanted", () => {
  const withNotify = (notify?: EnvelopeRecipient["notify"], over: Partial<Envelope> = {}) =>
    envelope({ recipients: [{ address: "bob@example.org", ...(notify ? { notify } : {}) }], ...over });

  it("defaults to failure and delay, not success", () => {
    const e = withNotify();
    expect(dsnWanted(e, 0, "failed")).toBe(true);
    expect(dsnWanted(e, 0, "delayed")).toBe(true);
    expect(dsnWanted(e, 0, "delivered")).toBe(false);
    expect(dsnWanted(e, 0, "relayed")).toBe(false);
  });

  it("never answers the null sender or a DSN, nor NOTIFY=NEVER", () => {
    for (const action of ["failed", "delayed", "relayed"] as const) {
      expect(dsnWanted(withNotify(undefined, { mailFrom: "" }), 0, action)).toBe(false);
      expect(dsnWanted(withNotify({ success: true, failure: true, delay: true }, { mailFrom: "" }), 0, action)).toBe(false);
      expect(dsnWanted(withNotify(undefined, { dsnFor: { id: "x", recipients: [0] } }), 0, action)).toBe(false);
      expect(dsnWanted(withNotify("NEVER"), 0, action)).toBe(false);
    }
  });

  it("follows an explicit NOTIFY list", () => {
    const failureOnly = withNotify({ success: false, failure: true, delay: false });
    expect(dsnWanted(failureOnly, 0, "failed")).toBe(true);
    expect(dsnWanted(failureOnly, 0, "delayed")).toBe(false);
    const successOnly = withNotify({ success: true, failure: false, delay: false });
    expect(dsnWanted(successOnly, 0, "relayed")).toBe(true);
    expect(dsnWanted(successOnly, 0, "delivered")).toBe(true);
    expect(dsnWanted(successOnly, 0, "failed")).toBe(false);
  });

  it("throws for a recipient that does not exist", () => {
    expect(() => dsnWanted(withNotify(), 3, "failed")).toThrow(RangeError);
  });
});

describe("dsnEnvelope", () => {
  it("uses the null sender, NOTIFY=NEVER, and dsnFor for finished recipients (failed, relayed) only", () => {
    const failed = dsnEnvelope(envelope(), [0], "failed", "mta1.hermod.test", T0);
    expect(failed).toMatchObject({ mailFrom: "", recipients: [{ address: "bounces@src.test", notify: "NEVER" }], dsnFor: { id: "0abc123", recipients: [0] } });
    expect(dsnEnvelope(envelope(), [0], "relayed", "mta1.hermod.test", T0).dsnFor).toEqual({ id: "0abc123", recipients: [0] });
    expect(dsnEnvelope(envelope(), [0], "delayed", "mta1.hermod.test", T0).dsnFor).toBeUndefined();
    // A generated DSN is itself never reported on.
    expect(dsnWanted({ ...failed, id: "d1", size: 1 }, 0, "failed")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { Envelope } from "../spool/spool";
import { buildRecord, expiryHappening } from "./outcome";

const envelope: Envelope = {
  id: "abc123",
  receivedAt: 1_000,
  mailFrom: "sender@src.test",
  recipients: [{ address: "user@dst.test", orcpt: "rfc822;user@dst.test" }],
  source: { ip: "127.0.0.1", helo: "client.test", type: "smtp" },
  envId: "env-1",
  size: 2048,
};
const ctx = { queue: "dst.test/{default}", vmta: "{default}", remoteHost: "mx.dst.test", remoteIp: "127.0.0.1", extensions: ["PIPELINING", "SIZE"] };

describe("buildRecord", () => {
  it("records a delivery with PowerMTA's fields", () => {
    const r = buildRecord(envelope, 0, { kind: "reply", reply: "250 2.0.0 Ok: queued as 123" }, ctx, 5_000);
    expect(r).toMatchObject({
      type: "d",
      dsnAction: "relayed",
      dsnStatus: "2.0.0 (success)",
      dsnDiag: "smtp;250 2.0.0 Ok: queued as 123",
      dsnMta: "mx.dst.test (127.0.0.1)",
      bounceCat: "",
      srcMta: "client.test (127.0.0.1)",
      dlvEsmtpAvailable: "PIPELINING,SIZE",
      dlvSize: 2048,
      envId: "env-1",
      orcpt: "rfc822;user@dst.test",
      queue: "dst.test/{default}",
    });
  });

  it("classifies 4xx as transient and 5xx as a categorised bounce", () => {
    const t = buildRecord(envelope, 0, { kind: "reply", reply: "452 4.2.2 Mailbox full" }, ctx, 5_000);
    expect(t).toMatchObject({ type: "t", dsnAction: "delayed", bounceCat: "quota-issues" });
    const b = buildRecord(envelope, 0, { kind: "reply", reply: "550 5.1.1 <user@dst.test>: Recipient address rejected: User unknown" }, ctx, 5_000);
    expect(b).toMatchObject({ type: "b", dsnAction: "failed", dsnStatus: "5.1.1 (bad destination mailbox address)", bounceCat: "bad-mailbox", dlvSize: 0 });
  });

  it("records local failures and expiry", () => {
    const t = buildRecord(envelope, 0, { kind: "local", permanent: false, status: "4.4.1", reason: "ECONNREFUSED 127.0.0.1:2600" }, { queue: ctx.queue, vmta: ctx.vmta }, 5_000);
    expect(t).toMatchObject({ type: "t", dsnStatus: "4.4.1 (no answer from host)", bounceCat: "bad-connection", dsnMta: "", dlvType: "" });
    const x = buildRecord(envelope, 0, expiryHappening("smtp;451 4.3.0 try later"), { queue: ctx.queue, vmta: ctx.vmta }, 5_000);
    expect(x).toMatchObject({ type: "b", dsnStatus: "4.4.7 (delivery time expired)", bounceCat: "message-expired" });
    expect(x.dsnDiag).toContain("451 4.3.0 try later");
  });

  it("keeps an expiry message-expired whatever its last error says, and applies custom rules to replies", () => {
    const local = { queue: ctx.queue, vmta: ctx.vmta };
    expect(buildRecord(envelope, 0, expiryHappening("smtp;452 4.2.2 mailbox full"), local, 5_000).bounceCat).toBe("message-expired");
    const rules = [{ pattern: /ACME/, category: "content-related" as const }];
    expect(buildRecord(envelope, 0, { kind: "reply", reply: "550 5.7.1 ACME says no" }, ctx, 5_000, rules).bounceCat).toBe("content-related");
    // A local reason without a code is classified by the status it was given.
    const gone = { kind: "local" as const, permanent: false, status: "4.3.5", reason: "VirtualMTA gone is not configured" };
    expect(buildRecord(envelope, 0, gone, local, 5_000).bounceCat).toBe("bad-configuration");
  });
});

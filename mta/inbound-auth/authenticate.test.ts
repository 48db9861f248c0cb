import mailauth from "mailauth/lib/mailauth.js";
import { describe, expect, it } from "vitest";
import { authenticateInbound, type InboundAuthOptions } from "./authenticate";
import { FORWARDER_IP, OTHER_IP, SENDER_IP, hangingDns, memoryDns, plainMessage, sealedByForwarder, signedBySender } from "./test-fixtures";

const HOST = "mx.hermod.test";
const opts = (over: Partial<InboundAuthOptions> = {}): InboundAuthOptions => ({
  ip: SENDER_IP,
  helo: "mail.sender.test",
  mailFrom: "bounce@sender.test",
  hostName: HOST,
  resolver: memoryDns(),
  ...over,
});

describe("authenticateInbound", () => {
  it("passes SPF, DKIM and DMARC for a signed message from the sender's address, in an RFC 8601 header with our authserv-id", async () => {
    const auth = await authenticateInbound(await signedBySender(plainMessage("all pass")), opts());
    expect(auth.results).toMatchObject({ spf: "pass", dkim: [{ result: "pass", domain: "sender.test", selector: "s1" }], dmarc: "pass", arc: "none", timedOut: false });
    expect(auth.header).toMatch(/^Authentication-Results: mx\.hermod\.test;\r\n /);
    expect(auth.header).toMatch(/\r\n$/);
    expect(auth.header).toContain("spf=pass");
    expect(auth.header).toContain("smtp.mailfrom=bounce@sender.test");
    expect(auth.header).toMatch(/dkim=pass header\.i=@sender\.test header\.s=s1/);
    expect(auth.header).toContain("dmarc=pass");
    expect(auth.arc).toEqual({ authResults: expect.stringMatching(/^mx\.hermod\.test;/), cv: "none" });
  });

  it("fails SPF for a client address the domain does not list, and DMARC without an aligned DKIM pass", async () => {
    const auth = await authenticateInbound(plainMessage("spf fail"), opts({ ip: OTHER_IP }));
    expect(auth.results).toMatchObject({ spf: "fail", dkim: [{ result: "none" }], dmarc: "fail" });
    expect(auth.header).toMatch(/spf=fail/);
    expect(auth.header).toMatch(/dmarc=fail/);
  });

  it("fails DKIM (and so DMARC from another address) once one byte of the body changed", async () => {
    const signed = await signedBySender(plainMessage("dkim broken"));
    signed[signed.indexOf("Hello")] = "J".charCodeAt(0);
    const auth = await authenticateInbound(signed, opts({ ip: OTHER_IP }));
    expect(auth.results.dkim).toHaveLength(1);
    expect(auth.results.dkim[0].result).not.toBe("pass");
    expect(auth.results.dmarc).toBe("fail");
  });

  it("passes ARC through a message sealed by a forwarder that broke the sender's DKIM", async () => {
    const forwarded = await sealedByForwarder(await signedBySender(plainMessage("via list")), (m) =>
      Buffer.from(m.toString("latin1").replace("Subject: via list", "Subject: [list] via list"), "latin1"),
    );
    const auth = await authenticateInbound(forwarded, opts({ ip: FORWARDER_IP, helo: "mx.forwarder.test", mailFrom: "list@forwarder.test" }));
    expect(auth.results.dkim[0].result).not.toBe("pass");
    expect(auth.results).toMatchObject({ spf: "pass", arc: "pass", arcInstance: 1 });
    expect(auth.header).toMatch(/arc=pass \(i=1/);
    expect(auth.arc?.cv).toBe("pass");
  });

  it("fails ARC when the sealed message is altered, and does not offer it for sealing again only if its last seal says fail", async () => {
    const forwarded = await sealedByForwarder(await signedBySender(plainMessage("arc broken")));
    forwarded[forwarded.indexOf("Hello")] = "J".charCodeAt(0);
    const auth = await authenticateInbound(forwarded, opts({ ip: FORWARDER_IP }));
    expect(auth.results.arc).toBe("fail");
    // The last seal said cv=none, so a sealer adds its set with cv=fail (RFC 8617 §5.1).
    expect(auth.arc?.cv).toBe("fail");
  });

  it("says temperror for every check, within the timeout, when DNS never answers", async () => {
    const started = Date.now();
    const auth = await authenticateInbound(await signedBySender(plainMessage("hang")), opts({ resolver: hangingDns, timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(auth.results).toMatchObject({ spf: "temperror", dkim: [{ result: "temperror" }], dmarc: "temperror", timedOut: true });
    expect(auth.header).toMatch(/^Authentication-Results: mx\.hermod\.test;/);
  });

  it("matches what mailauth itself reports for the same message (no results of our own making)", async () => {
    const message = await signedBySender(plainMessage("same"));
    const ours = await authenticateInbound(message, opts());
    const theirs = await mailauth.authenticate(message, { ip: SENDER_IP, helo: "mail.sender.test", sender: "bounce@sender.test", mta: HOST, resolver: memoryDns(), disableBimi: true });
    expect(theirs.headers).toContain(ours.header.trimEnd());
  });
});

/**
 * End to end: a real engine relays through VirtualMTAs with domain keys to a real sink, and the
 * message captured there is checked with mailauth's verifier (DNS answered by a stub).
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import verifyModule from "mailauth/lib/dkim/verify.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { startSink, type Sink } from "../testing/sink";
import { withConsoleDomainKeys } from "./console-keys";
import { generateDkimKey } from "./dkim-key";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-dkim-"));
const rsa = generateDkimKey("rsa-sha256");
const ed = generateDkimKey("ed25519-sha256");
fs.writeFileSync(path.join(dir, "rsa.pem"), rsa.privateKeyPem);
fs.writeFileSync(path.join(dir, "ed.pem"), ed.privateKeyPem);

/** The DNS the verifier sees: only the two selectors this test publishes. */
const TXT: Record<string, string> = {
  "rsa1._domainkey.brand.test": rsa.dnsRecord,
  "ed1._domainkey.other.test": ed.dnsRecord,
};
const resolver = async (name: string, rrtype: string) => {
  const record = rrtype === "TXT" ? TXT[name.toLowerCase()] : undefined;
  if (record === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return [[record]];
};
const verify = async (message: Buffer | string) => (await verifyModule.dkimVerify(message, { resolver })).results;

let sink: Sink;
let h: Harness;

beforeAll(async () => {
  sink = await startSink();
  h = await startHarness((port) => `smtp-listener 127.0.0.1:${port}
host-name mta.hermod.test
domain-key ed1,*,${path.join(dir, "ed.pem")}
<virtual-mta signer>
    smtp-source-host 127.0.0.1 signer.hermod.test
    domain-key rsa1,brand.test,${path.join(dir, "rsa.pem")}
</virtual-mta>
<virtual-mta plain>
    smtp-source-host 127.0.0.1 plain.hermod.test
</virtual-mta>
<source 127.0.0.1>
    always-allow-relaying yes
    process-x-virtual-mta yes
</source>
<domain *>
    smtp-hosts [127.0.0.1]:${sink.port}
</domain>
<domain nosign.test>
    smtp-hosts [127.0.0.1]:${sink.port}
    dkim-sign no
</domain>`);
});

afterAll(async () => {
  await h?.stop();
  await sink?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function deliver(vmta: string, from: string, to: string, subject: string): Promise<Buffer> {
  const body = `X-Virtual-MTA: ${vmta}\r\nFrom: Brand <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@hermod.test>\r\n\r\nHello,\r\nthis line  has  spaces \r\n\r\n`;
  const r = await sendRaw(h.port, { from: "bounce@src.test", to: [to], body });
  expect(r.data).toMatch(/^250 /);
  await sink.waitFor(sink.messages.length + 1);
  const m = sink.messages.find((x) => x.data.toString().includes(`Subject: ${subject}\r\n`));
  expect(m, subject).toBeDefined();
  return m!.data;
}

describe("DKIM signing at delivery, verified at the sink", () => {
  it("signs with the VirtualMTA's RSA key (rsa-sha256, relaxed/relaxed, d= the key's domain) and the signature verifies", async () => {
    const data = await deliver("signer", "news@mail.brand.test", "u1@dst.test", "rsa");
    const text = data.toString();
    expect(text).toMatch(/^DKIM-Signature: /);
    expect(text).toMatch(/a=rsa-sha256/);
    expect(text).toMatch(/c=relaxed\/relaxed/);
    const [result] = await verify(data);
    expect(result).toMatchObject({ status: { result: "pass" }, signingDomain: "brand.test", selector: "rsa1" });
  });

  it("falls back to the global * key (ed25519-sha256, RFC 8463) for an identity the VirtualMTA's key does not cover", async () => {
    const data = await deliver("signer", "a@other.test", "u2@dst.test", "ed-fallback");
    expect(data.toString()).toMatch(/a=ed25519-sha256/);
    const [result] = await verify(data);
    expect(result).toMatchObject({ status: { result: "pass" }, signingDomain: "other.test", selector: "ed1" });
  });

  it("signs through a VirtualMTA without keys with the global key", async () => {
    const data = await deliver("plain", "b@other.test", "u3@dst.test", "ed-plain");
    const [result] = await verify(data);
    expect(result).toMatchObject({ status: { result: "pass" }, selector: "ed1", algo: "ed25519-sha256" });
  });

  it("no longer verifies once one byte of the body is altered, for both algorithms", async () => {
    for (const subject of ["rsa", "ed-fallback"]) {
      const data = Buffer.from(sink.messages.find((x) => x.data.toString().includes(`Subject: ${subject}\r\n`))!.data);
      const at = data.indexOf("Hello");
      data[at] = "J".charCodeAt(0);
      const [result] = await verify(data);
      // mailauth reports a body hash mismatch as neutral ("body hash did not verify"): not a pass.
      expect(result.status, subject).toMatchObject({ result: "neutral", comment: "body hash did not verify" });
    }
  });

  it("signs with a console key once the engine reloads with it (the file's keys keep precedence)", async () => {
    const consoleKey = generateDkimKey("rsa-sha256");
    TXT["console1._domainkey.shop.test"] = consoleKey.dnsRecord;
    const only = { ...h.config, domainKeys: [] };
    await h.mta.reload(withConsoleDomainKeys(only, [{ id: 1, selector: "console1", domain: "shop.test", privateKeyPem: consoleKey.privateKeyPem }]).config);
    const data = await deliver("plain", "hello@shop.test", "u5@dst.test", "console-key");
    const [result] = await verify(data);
    expect(result).toMatchObject({ status: { result: "pass" }, signingDomain: "shop.test", selector: "console1" });
    await h.mta.reload(h.config);
  });

  it("does not sign for a destination with dkim-sign no", async () => {
    const data = await deliver("signer", "news@brand.test", "u4@nosign.test", "unsigned");
    expect(data.toString()).not.toMatch(/DKIM-Signature/i);
    const results = await verify(data);
    expect(results.every((r) => r.status.result !== "pass")).toBe(true);
  });
});

import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDkim, dkimRecordFor } from "./check-dkim";
import { checkDmarc } from "./check-dmarc";
import { checkFcrdns, reverseName } from "./check-fcrdns";
import { checkSpf, spfSuggestion } from "./check-spf";
import { memoryResolver } from "./testing/memory-resolver";

const T = 200;
const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
const rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const rsaPublic = rsa.publicKey.export({ type: "spki", format: "der" }).toString("base64");

describe("forward-confirmed reverse DNS", () => {
  it("passes when the PTR is the HELO name and the name resolves back", async () => {
    const r = memoryResolver({ ptr: { "192.0.2.10": ["mta1.example.com."] }, a: { "mta1.example.com": ["192.0.2.10"] } });
    expect(await checkFcrdns("192.0.2.10", "mta1.example.com", r, T)).toMatchObject({ status: "pass" });
  });

  it("fails with the PTR to set when there is none or it names another host", async () => {
    const none = await checkFcrdns("192.0.2.10", "mta1.example.com", memoryResolver({}), T);
    expect(none).toMatchObject({ status: "fail", publish: [{ name: "10.2.0.192.in-addr.arpa", type: "PTR", value: "mta1.example.com." }] });
    const other = await checkFcrdns("192.0.2.10", "mta1.example.com", memoryResolver({ ptr: { "192.0.2.10": ["host-10.provider.net"] } }), T);
    expect(other.status).toBe("fail");
    expect(other.found).toContain("host-10.provider.net");
  });

  it("fails with the A record to add when the HELO name does not resolve back", async () => {
    const r = memoryResolver({ ptr: { "192.0.2.10": ["mta1.example.com"] }, a: { "mta1.example.com": ["192.0.2.99"] } });
    expect(await checkFcrdns("192.0.2.10", "mta1.example.com", r, T)).toMatchObject({
      status: "fail",
      publish: [{ name: "mta1.example.com", type: "A", value: "192.0.2.10" }],
    });
  });

  it("checks IPv6 with AAAA, and names the nibble PTR", async () => {
    expect(reverseName("2001:db8::1")).toBe(`1.0.0.0.${"0.".repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`);
    const r = memoryResolver({ ptr: { "2001:db8::1": ["mta6.example.com"] }, aaaa: { "mta6.example.com": ["2001:db8::1"] } });
    expect(await checkFcrdns("2001:db8::1", "mta6.example.com", r, T)).toMatchObject({ status: "pass" });
  });

  it("warns, without blaming the records, when DNS fails or does not answer in time", async () => {
    expect((await checkFcrdns("192.0.2.10", "m.example.com", memoryResolver({ broken: ["192.0.2.10"] }), T)).status).toBe("warn");
    const started = Date.now();
    const slow = await checkFcrdns("192.0.2.10", "m.example.com", memoryResolver({ hang: ["192.0.2.10"] }), 50);
    expect(slow).toMatchObject({ status: "warn", found: expect.stringContaining("no answer within 50 ms") });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("SPF (mailauth's evaluator over the injected resolver)", () => {
  it("passes through include and mx mechanisms", async () => {
    const r = memoryResolver({
      txt: { "example.com": ["v=spf1 include:_spf.example.net mx -all"], "_spf.example.net": ["v=spf1 ip4:198.51.100.0/24 -all"] },
      mx: { "example.com": [{ exchange: "mx.example.com", priority: 10 }] },
      a: { "mx.example.com": ["192.0.2.25"] },
    });
    expect(await checkSpf("example.com", "198.51.100.7", r, T)).toMatchObject({ status: "pass" });
    expect(await checkSpf("example.com", "192.0.2.25", r, T)).toMatchObject({ status: "pass" });
  });

  it("fails when the IP is not authorised, suggesting the record with the IP added before all", async () => {
    const r = memoryResolver({ txt: { "example.com": ["v=spf1 ip4:198.51.100.1 -all"] } });
    expect(await checkSpf("example.com", "192.0.2.10", r, T)).toMatchObject({
      status: "fail",
      publish: [{ name: "example.com", type: "TXT", value: "v=spf1 ip4:198.51.100.1 ip4:192.0.2.10 -all" }],
    });
  });

  it("fails with a starter record when there is no SPF record", async () => {
    const check = await checkSpf("example.com", "192.0.2.10", memoryResolver({ txt: { "example.com": ["google-site-verification=x"] } }), T);
    expect(check).toMatchObject({ status: "fail", publish: [{ value: "v=spf1 ip4:192.0.2.10 ~all" }] });
  });

  it("warns on a DNS failure", async () => {
    expect((await checkSpf("example.com", "192.0.2.10", memoryResolver({ hang: ["example.com"] }), 50)).status).toBe("warn");
  });

  it("suggests ip6 for IPv6 and leaves a record without all alone but for the added term", () => {
    expect(spfSuggestion(null, ["2001:db8::1"])).toBe("v=spf1 ip6:2001:db8::1 ~all");
    expect(spfSuggestion("v=spf1 a redirect=_spf.example.com", ["192.0.2.1"])).toBe("v=spf1 a ip4:192.0.2.1 redirect=_spf.example.com");
  });
});

describe("DKIM selector record", () => {
  const name = "s1._domainkey.example.com";

  it("derives the TXT value from the private key (RSA and Ed25519)", () => {
    expect(dkimRecordFor(rsaPem).record).toBe(`v=DKIM1; k=rsa; p=${rsaPublic}`);
    const ed = generateKeyPairSync("ed25519");
    const raw = ed.publicKey.export({ format: "jwk" }).x!;
    expect(dkimRecordFor(ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString()).record).toBe(`v=DKIM1; k=ed25519; p=${Buffer.from(raw, "base64url").toString("base64")}`);
  });

  it("passes when the published key (split into strings, with spaces) is the signing key", async () => {
    const r = memoryResolver({ txt: { [name]: [`v=DKIM1; k=rsa; p=${rsaPublic.slice(0, 40)} ${rsaPublic.slice(40)}`] } });
    expect(await checkDkim("s1", "example.com", rsaPem, r, T)).toMatchObject({ status: "pass" });
  });

  it("fails with the exact record to publish when missing or different", async () => {
    const missing = await checkDkim("s1", "example.com", rsaPem, memoryResolver({}), T);
    expect(missing).toMatchObject({ status: "fail", publish: [{ name, type: "TXT", value: `v=DKIM1; k=rsa; p=${rsaPublic}` }] });
    const other = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const wrong = await checkDkim("s1", "example.com", rsaPem, memoryResolver({ txt: { [name]: [`v=DKIM1; p=${other}`] } }), T);
    expect(wrong).toMatchObject({ status: "fail", detail: expect.stringContaining("not the signing key") });
  });

  it("fails when the key cannot be read", async () => {
    const bad = await checkDkim("s1", "example.com", "not a key", memoryResolver({}), T);
    expect(bad.status).toBe("fail");
    expect(bad.publish).toBeUndefined();
    expect((await checkDkim("s1", "example.com", new Error("ENOENT"), memoryResolver({}), T)).found).toContain("ENOENT");
  });
});

describe("DMARC", () => {
  it("passes when _dmarc.DOMAIN or the parent domain's record exists", async () => {
    const r = memoryResolver({ txt: { "_dmarc.example.com": ["v=DMARC1; p=reject; rua=mailto:d@example.com"] } });
    expect(await checkDmarc("example.com", r, T)).toMatchObject({ status: "pass" });
    expect(await checkDmarc("news.example.com", r, T)).toMatchObject({ status: "pass", detail: expect.stringContaining("inherited from example.com") });
  });

  it("fails with a starter record when there is none, and when there are two", async () => {
    expect(await checkDmarc("example.com", memoryResolver({ txt: { "_dmarc.example.com": ["something else"] } }), T)).toMatchObject({
      status: "fail",
      publish: [{ name: "_dmarc.example.com", type: "TXT", value: "v=DMARC1; p=none; rua=mailto:postmaster@example.com" }],
    });
    const two = memoryResolver({ txt: { "_dmarc.example.com": ["v=DMARC1; p=none", "v=DMARC1; p=reject"] } });
    expect((await checkDmarc("example.com", two, T)).status).toBe("fail");
  });
});

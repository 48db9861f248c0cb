import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDkimPrivateKey, dkimDnsRecord, generateDkimKey, isDkimSelector } from "./dkim-key";
import { withConsoleDomainKeys } from "./console-keys";
import type { MtaConfig } from "../config/types";

describe("DKIM keys", () => {
  it("generates RSA 2048 whose TXT record carries its SubjectPublicKeyInfo", () => {
    const { privateKeyPem, dnsRecord } = generateDkimKey("rsa-sha256");
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const spki = createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64");
    expect(dnsRecord).toBe(`v=DKIM1; k=rsa; p=${spki}`);
  });

  it("generates Ed25519 whose TXT record carries the 32 raw public key bytes (RFC 8463)", () => {
    const { privateKeyPem, dnsRecord } = generateDkimKey("ed25519-sha256");
    const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "jwk" });
    const raw = Buffer.from(jwk.x!, "base64url");
    expect(raw).toHaveLength(32);
    expect(dnsRecord).toBe(`v=DKIM1; k=ed25519; p=${raw.toString("base64")}`);
  });

  it("tells which keys can sign", () => {
    expect(checkDkimPrivateKey(generateDkimKey("ed25519-sha256").privateKeyPem)).toMatchObject({ ok: true, algorithm: "ed25519-sha256" });
    const pkcs1 = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(checkDkimPrivateKey(pkcs1)).toMatchObject({ ok: true, algorithm: "rsa-sha256" });
    const publicOnly = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(checkDkimPrivateKey(publicOnly)).toMatchObject({ ok: false });
    expect(checkDkimPrivateKey("")).toMatchObject({ ok: false });
    const check = checkDkimPrivateKey(pkcs1);
    if (check.ok) expect(dkimDnsRecord(check.key)).toMatch(/^v=DKIM1; k=rsa; p=/);
  });

  it("checks selectors", () => {
    expect(isDkimSelector("s2026")).toBe(true);
    expect(isDkimSelector("mail.s1")).toBe(true);
    expect(isDkimSelector("bad_sel")).toBe(false);
    expect(isDkimSelector("-x")).toBe(false);
    expect(isDkimSelector("")).toBe(false);
  });
});

describe("withConsoleDomainKeys", () => {
  const base = { domainKeys: [{ selector: "file", domain: "*", file: "/k.pem", algorithm: "rsa-sha256", privateKeyPem: "x", origin: { file: "/c", line: 1, col: 1 } }] } as unknown as MtaConfig;

  it("appends usable console keys after the file's global keys and names the unusable ones", () => {
    const good = generateDkimKey("ed25519-sha256").privateKeyPem;
    const { config, problems } = withConsoleDomainKeys(base, [
      { id: 7, selector: "S1", domain: "Example.com", privateKeyPem: good },
      { id: 8, selector: "s2", domain: "example.com", privateKeyPem: "garbage" },
    ]);
    expect(config.domainKeys!.map((k) => [k.selector, k.domain, k.file, k.algorithm])).toEqual([
      ["file", "*", "/k.pem", "rsa-sha256"],
      ["s1", "example.com", "console:7", "ed25519-sha256"],
    ]);
    expect(problems).toEqual([expect.stringContaining("s2._domainkey.example.com (#8) is not used: not a PEM private key")]);
    expect(base.domainKeys).toHaveLength(1);
  });

  it("returns the config itself when there is nothing to add", () => {
    expect(withConsoleDomainKeys(base, []).config).toBe(base);
  });
});

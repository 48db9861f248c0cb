import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileText, errors, exactlyAt, warnings } from "./test-helpers";

const pem = (type: "rsa" | "ed25519" | "ec", bits = 1024) => {
  const pair =
    type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: bits })
      : type === "ec"
        ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
        : generateKeyPairSync("ed25519");
  return pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
};
const RSA = pem("rsa");
const ED = pem("ed25519");

describe("domain-key SELECTOR,DOMAIN,FILE", () => {
  it("reads global, VirtualMTA and pool keys at load, relative to the file, with their algorithm", () => {
    const r = compileText(
      "domain-key s1,Example.COM,keys/s1.pem\n<virtual-mta v>\n  domain-key ed,*,/keys/ed.pem\n</virtual-mta>\n<virtual-mta-pool p>\n  virtual-mta v\n  domain-key s2,sub.example.com,keys/s1.pem\n</virtual-mta-pool>",
      { "/cfg/keys/s1.pem": RSA, "/keys/ed.pem": ED },
    );
    expect(errors(r)).toEqual([]);
    expect(r.config!.domainKeys).toEqual([
      { selector: "s1", domain: "example.com", file: "/cfg/keys/s1.pem", algorithm: "rsa-sha256", privateKeyPem: RSA, origin: { file: "/cfg/hermod.conf", line: 1, col: 1 } },
    ]);
    expect(r.config!.virtualMtas[0].domainKeys).toMatchObject([{ selector: "ed", domain: "*", algorithm: "ed25519-sha256", privateKeyPem: ED }]);
    expect(r.config!.pools[0].domainKeys).toMatchObject([{ selector: "s2", domain: "sub.example.com", algorithm: "rsa-sha256" }]);
  });

  it("is a config error, at the file's column, when the key file is missing or not a usable key", () => {
    const r = compileText(
      [
        "domain-key s1,example.com,/keys/missing.pem",
        "domain-key s1,example.com,/keys/garbage.pem",
        "domain-key s1,example.com,/keys/short.pem",
        "domain-key s1,example.com,/keys/ec.pem",
        "<virtual-mta v>",
        "  domain-key s1,example.com",
        "</virtual-mta>",
        "domain-key bad_sel,example.com,/keys/ok.pem",
        "domain-key s1,exa mple..com,/keys/ok.pem",
      ].join("\n"),
      { "/keys/garbage.pem": "hello", "/keys/short.pem": pem("rsa", 512), "/keys/ec.pem": pem("ec"), "/keys/ok.pem": RSA },
    );
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([
      exactlyAt(1, 27, "cannot read the DKIM key file /keys/missing.pem: file not found"),
      exactlyAt(2, 27, expect.stringContaining("invalid DKIM key file /keys/garbage.pem: not a PEM private key")),
      exactlyAt(3, 27, "invalid DKIM key file /keys/short.pem: RSA key of 512 bits is too short for DKIM (at least 1024, RFC 8301)"),
      exactlyAt(4, 27, expect.stringContaining('unsupported key type "ec"')),
      exactlyAt(6, 14, expect.stringContaining("domain-key takes SELECTOR,DOMAIN,FILE")),
      exactlyAt(8, 12, expect.stringContaining('invalid DKIM selector "bad_sel"')),
      exactlyAt(9, 15, expect.stringContaining('invalid domain-key domain "exa mple..com"')),
    ]);
  });

  it("warns about the same selector and domain twice in one list", () => {
    const r = compileText("domain-key s1,example.com,/k.pem\ndomain-key s1,example.com,/k.pem", { "/k.pem": ED });
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([exactlyAt(2, 1, expect.stringContaining("domain-key s1,example.com is already defined at /cfg/hermod.conf:1:1"))]);
  });
});

describe("dkim-sign and dkim-identity in <domain>", () => {
  it("are acted on: signing on by default, off per domain, and the identity normalised", () => {
    const r = compileText("<domain no.test>\n  dkim-sign no\n</domain>\n<domain a.test>\n  dkim-identity Bounce@Mail.Example.COM\n</domain>\n<domain b.test>\n  dkim-identity sender-or-from\n</domain>\n<domain c.test>\n  dkim-identity example.org\n</domain>");
    expect(r.diagnostics).toEqual([]);
    const settings = Object.fromEntries(r.config!.domains.map((d) => [d.pattern, d.settings]));
    expect(settings["no.test"]).toEqual({ dkimSign: false });
    expect(settings["a.test"]).toEqual({ dkimIdentity: "Bounce@mail.example.com" });
    expect(settings["b.test"]).toEqual({ dkimIdentity: "sender-or-from" });
    expect(settings["c.test"]).toEqual({ dkimIdentity: "@example.org" });
  });

  it("rejects bad values", () => {
    const r = compileText("<domain *>\n  dkim-sign maybe\n  dkim-identity not an address\n</domain>");
    expect(errors(r).map((d) => [d.line, d.message.split(" (")[0]])).toEqual([
      [2, "dkim-sign takes yes, no or if-x-dkim-options-present"],
      [3, "dkim-identity takes sender-or-from, DOMAIN, @DOMAIN or USER@DOMAIN"],
    ]);
  });
});

describe("domain-key in an included file", () => {
  it("resolves FILE against the included file's directory, and an export rebases it", async () => {
    const { exportConfig } = await import("./export");
    const { createMemoryFs } = await import("./memory-fs");
    const files = { "/cfg/hermod.conf": "include sub/keys.conf\n", "/cfg/sub/keys.conf": "domain-key s1,example.com,k.pem\n", "/cfg/sub/k.pem": ED };
    const r = compileText(files["/cfg/hermod.conf"], files);
    expect(r.config!.domainKeys![0].file).toBe("/cfg/sub/k.pem");
    const fs = createMemoryFs(files);
    const exported = exportConfig(files["/cfg/hermod.conf"], { file: "/cfg/hermod.conf", readFile: fs.readFile, realpath: fs.realpath });
    expect(exported.text).toContain("domain-key s1,example.com,sub/k.pem");
    expect(compileText(exported.text!, files).config!.domainKeys![0].file).toBe("/cfg/sub/k.pem");
  });
});

import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileText, errors, exactlyAt, warnings } from "./test-helpers";

const RSA = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const ED = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

describe("arc-seal SELECTOR,DOMAIN,FILE", () => {
  it("reads the global, VirtualMTA and pool sealing keys at load, relative to the file", () => {
    const r = compileText(
      "arc-seal arc1,Forward.Example,keys/arc.pem\n<virtual-mta v>\n  arc-seal vs,v.example,/keys/v.pem\n</virtual-mta>\n<virtual-mta-pool p>\n  virtual-mta v\n  arc-seal arc2,p.example,keys/arc.pem\n</virtual-mta-pool>",
      { "/cfg/keys/arc.pem": RSA, "/keys/v.pem": RSA },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config!.arcSeal).toEqual({
      selector: "arc1",
      domain: "forward.example",
      file: "/cfg/keys/arc.pem",
      algorithm: "rsa-sha256",
      privateKeyPem: RSA,
      origin: { file: "/cfg/hermod.conf", line: 1, col: 1 },
    });
    expect(r.config!.virtualMtas[0].arcSeal).toMatchObject({ selector: "vs", domain: "v.example", algorithm: "rsa-sha256" });
    expect(r.config!.pools[0].arcSeal).toMatchObject({ selector: "arc2", domain: "p.example" });
  });

  it("is a config error at line:col for a missing or bad key file, a * domain, or a short value", () => {
    const r = compileText(
      ["arc-seal a1,f.example,/keys/missing.pem", "arc-seal a1,*,/keys/ok.pem", "<virtual-mta v>", "  arc-seal a1,f.example", "</virtual-mta>", "arc-seal a1,f.example,/keys/bad.pem", "arc-seal a1,f.example,/keys/ed.pem"].join("\n"),
      { "/keys/ok.pem": RSA, "/keys/bad.pem": "nope", "/keys/ed.pem": ED },
    );
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([
      exactlyAt(1, 23, "cannot read the DKIM key file /keys/missing.pem: file not found"),
      exactlyAt(2, 10, expect.stringContaining("arc-seal needs the sealing domain (d=), not *")),
      exactlyAt(4, 12, expect.stringContaining("arc-seal takes SELECTOR,DOMAIN,FILE")),
      exactlyAt(6, 23, expect.stringContaining("invalid DKIM key file /keys/bad.pem: not a PEM private key")),
      exactlyAt(7, 23, "arc-seal needs an RSA key: ARC signs with rsa-sha256 (RFC 8617), and /keys/ed.pem holds an Ed25519 key"),
    ]);
  });

  it("warns when set twice in one scope; the last one wins", () => {
    const r = compileText("arc-seal a1,f.example,/k.pem\narc-seal a2,f.example,/k.pem\n<virtual-mta v>\n  arc-seal a1,f.example,/k.pem\n  arc-seal a3,f.example,/k.pem\n</virtual-mta>", { "/k.pem": RSA });
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([
      exactlyAt(2, 1, expect.stringContaining("`arc-seal` is already set at /cfg/hermod.conf:1:1; the last one wins")),
      exactlyAt(5, 3, expect.stringContaining("`arc-seal` is already set in this block")),
    ]);
    expect(r.config!.arcSeal?.selector).toBe("a2");
    expect(r.config!.virtualMtas[0].arcSeal?.selector).toBe("a3");
  });
});

describe("verify-inbound-auth in <source>", () => {
  it("is off by default and set per source", () => {
    const r = compileText("<source 10.0.0.0/8>\n  verify-inbound-auth yes\n</source>\n<source 127.0.0.1>\n  verify-inbound-auth no\n</source>");
    expect(r.diagnostics).toEqual([]);
    expect(r.config!.sources.map((s) => s.settings.verifyInboundAuth)).toEqual([true, false]);
  });

  it("waits 8s for DNS by default; verify-inbound-auth-timeout sets it, from 1s to 10m", () => {
    const r = compileText("<source 10.0.0.0/8>\n  verify-inbound-auth yes\n  verify-inbound-auth-timeout 2s\n</source>");
    expect(r.diagnostics).toEqual([]);
    expect(r.config!.sources[0].settings.verifyInboundAuthTimeout).toBe(2_000);
    const bad = compileText("<source a>\n  verify-inbound-auth-timeout 0\n</source>\n<source b>\n  verify-inbound-auth-timeout 11m\n</source>");
    expect(errors(bad)).toEqual([
      exactlyAt(2, 31, expect.stringContaining("must be greater than 0")),
      exactlyAt(5, 31, expect.stringContaining("must be at most 10m")),
    ]);
  });

  it("refuses a value that is not yes or no, at its column", () => {
    const r = compileText("<source 10.0.0.0/8>\n  verify-inbound-auth maybe\n</source>");
    expect(errors(r)).toEqual([expect.objectContaining({ line: 2, col: 23 })]);
  });
});

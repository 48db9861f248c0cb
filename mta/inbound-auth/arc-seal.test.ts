import { describe, expect, it } from "vitest";
import type { DomainKeyConfig, MtaConfig } from "../config/types";
import { arcSealKeyFor, arcSetFor } from "./arc-seal";
import { ourSealKey, plainMessage } from "./test-fixtures";

const key = (selector: string): DomainKeyConfig => ({
  selector,
  domain: "hermod-fwd.test",
  file: `/k/${selector}.pem`,
  algorithm: "rsa-sha256",
  privateKeyPem: ourSealKey.privateKeyPem,
  origin: { file: "/c", line: 1, col: 1 },
});

const config = {
  arcSeal: key("global"),
  virtualMtas: [{ name: "own", arcSeal: key("own") }, { name: "member" }],
  pools: [{ name: "pool", arcSeal: key("pool") }],
} as unknown as MtaConfig;

describe("arcSealKeyFor", () => {
  it("takes the VirtualMTA's key, then its pool's, then the global one", () => {
    expect(arcSealKeyFor(config, "own", "pool")?.selector).toBe("own");
    expect(arcSealKeyFor(config, "member", "pool")?.selector).toBe("pool");
    expect(arcSealKeyFor(config, "member", undefined)?.selector).toBe("global");
    expect(arcSealKeyFor({ ...config, arcSeal: undefined }, "member", undefined)).toBeNull();
  });
});

describe("arcSetFor", () => {
  it("makes the three ARC headers for the next instance", async () => {
    const set = (await arcSetFor(plainMessage("seal"), key("arc1"), { authResults: "mx.hermod.test; spf=pass", cv: "none" }))!.toString();
    expect(set).toMatch(/^ARC-Seal: i=1; a=rsa-sha256; t=\d+; cv=none;/);
    expect(set).toMatch(/^ARC-Message-Signature: i=1;/m);
    expect(set).toMatch(/^ARC-Authentication-Results: i=1; mx\.hermod\.test; spf=pass\r\n$/m);
  });

  it("reports a key that cannot seal and gives nothing (the message goes unsealed)", async () => {
    const errors: string[] = [];
    const broken = { ...key("arc1"), privateKeyPem: "not a key" };
    expect(await arcSetFor(plainMessage("bad key"), broken, { authResults: "h; spf=pass", cv: "none" }, (m) => errors.push(m))).toBeNull();
    expect(errors).toEqual([expect.stringMatching(/^ARC sealing with arc1\._domainkey\.hermod-fwd\.test failed: /)]);
  });
});

import { describe, expect, it } from "vitest";
import type { DomainKeyConfig, MtaConfig } from "../config/types";
import { keyCovers, keyListsFor, selectDomainKey } from "./select-key";

const key = (selector: string, domain: string): DomainKeyConfig => ({
  selector,
  domain,
  file: `/k/${selector}.pem`,
  algorithm: "rsa-sha256",
  privateKeyPem: "PEM",
  origin: { file: "/cfg/hermod.conf", line: 1, col: 1 },
});

describe("keyCovers", () => {
  it("matches the same domain, a parent domain, or *; never a sibling or a mere suffix", () => {
    expect(keyCovers("example.com", "example.com")).toBe(true);
    expect(keyCovers("example.com", "mail.news.example.com")).toBe(true);
    expect(keyCovers("*", "anything.test")).toBe(true);
    expect(keyCovers("example.com", "badexample.com")).toBe(false);
    expect(keyCovers("mail.example.com", "example.com")).toBe(false);
  });
});

describe("selectDomainKey", () => {
  it("takes the first key in list order whose domain covers the identity; d= is the key's domain", () => {
    const lists = [[key("a", "other.test"), key("b", "example.com"), key("c", "news.example.com")]];
    expect(selectDomainKey(lists, "news.example.com")).toEqual({ key: lists[0][1], signingDomain: "example.com" });
    expect(selectDomainKey(lists, "unrelated.test")).toBeNull();
  });

  it("signs as the identity's domain with a * key", () => {
    expect(selectDomainKey([[key("w", "*")]], "brand.test")).toMatchObject({ key: { selector: "w" }, signingDomain: "brand.test" });
  });

  it("searches the VirtualMTA's keys, then the pool's, then the global ones", () => {
    const config = {
      virtualMtas: [{ name: "v1", domainKeys: [key("vmta", "example.com")] }, { name: "v2" }],
      pools: [{ name: "p", domainKeys: [key("pool", "*")] }],
      domainKeys: [key("global", "*")],
    } as unknown as MtaConfig;
    const pick = (vmta: string, pool: string | undefined, domain: string) => selectDomainKey(keyListsFor(config, vmta, pool), domain)?.key.selector;
    expect(pick("v1", "p", "example.com")).toBe("vmta");
    expect(pick("v1", "p", "other.test")).toBe("pool");
    expect(pick("v1", undefined, "other.test")).toBe("global");
    expect(pick("v2", undefined, "example.com")).toBe("global");
    expect(keyListsFor({ ...config, domainKeys: undefined, pools: [] }, "v2", "p")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { domainPatternMatches, formatDomainPattern, normalizeDomain, parseDomainPattern, type DomainPattern } from "./domain-pattern";

const pattern = (text: string): DomainPattern => {
  const r = parseDomainPattern(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe("parseDomainPattern", () => {
  it("recognises every form", () => {
    expect(pattern("*")).toEqual({ kind: "any" });
    expect(pattern("Example.COM")).toEqual({ kind: "exact", domain: "example.com" });
    expect(pattern("*.example.com")).toEqual({ kind: "subdomains", domain: "example.com" });
    expect(pattern("[*.]example.com")).toEqual({ kind: "domain-and-subdomains", domain: "example.com" });
    expect(pattern("{bounce}")).toEqual({ kind: "reserved", name: "{bounce}" });
    expect(pattern("[0/0]")).toMatchObject({ kind: "ip-literal", cidr: { family: 4, prefix: 0 } });
    expect(pattern("bücher.de")).toEqual({ kind: "exact", domain: "xn--bcher-kva.de" });
  });

  it("formats patterns canonically", () => {
    expect(formatDomainPattern(pattern("[*.]Example.com"))).toBe("[*.]example.com");
    expect(formatDomainPattern(pattern("[10.1/16]"))).toBe("[10.1.0.0/16]");
  });

  it.each([
    ["ex*ample.com", '"*" is only allowed as "*", "*.domain" or "[*.]domain"'],
    ["*.*.com", '"*" is only allowed'],
    ["exa mple.com", "is not a domain name"],
    ["a..b", "is not a domain name"],
    ["[*.]", "is not a domain name"],
    ["[300.0.0.0/8]", "invalid CIDR"],
  ])("rejects %s", (text, why) => {
    const r = parseDomainPattern(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(why);
  });
});

describe("domainPatternMatches", () => {
  it.each([
    ["*", "anything.org", true],
    ["example.com", "example.com", true],
    ["example.com", "EXAMPLE.com.", true],
    ["example.com", "a.example.com", false],
    ["*.example.com", "a.example.com", true],
    ["*.example.com", "a.b.example.com", true],
    ["*.example.com", "example.com", false],
    ["*.example.com", "badexample.com", false],
    ["[*.]example.com", "example.com", true],
    ["[*.]example.com", "x.example.com", true],
    ["[*.]example.com", "notexample.com", false],
    ["[10/8]", "[10.1.2.3]", true],
    ["[10/8]", "[11.1.2.3]", false],
    ["bücher.de", "xn--bcher-kva.de", true],
    ["{bounce}", "bounce", false],
  ])("%s matches %s: %s", (p, domain, expected) => {
    expect(domainPatternMatches(pattern(p), domain)).toBe(expected);
  });

  it("normalises names", () => {
    expect(normalizeDomain("Mail.Example.COM.")).toBe("mail.example.com");
    expect(normalizeDomain("bad domain")).toBeNull();
    expect(normalizeDomain("")).toBeNull();
  });
});

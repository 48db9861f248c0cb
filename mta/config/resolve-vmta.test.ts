import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS } from "./defaults";
import { DomainIndex } from "./domain-index";
import { listPoolMembers, resolveDomain, resolveVirtualMta } from "./resolve";
import { configSummary } from "./summary";
import { compileOk } from "./test-helpers";
import { VirtualMtaIndex } from "./vmta-index";

const CONFIG = [
  "<domain *>\n  max-smtp-out 20\n  bounce-after 2d\n</domain>",
  "<domain gmail.com>\n  max-smtp-out 30\n  max-msg-per-connection 40\n</domain>",
  "<domain [*.]yahoo.com>\n  max-rcpt-per-transaction 50\n</domain>",
  "<virtual-mta a>\n  <domain *>\n    max-smtp-out 5\n  </domain>\n  <domain [*.]yahoo.com>\n    use-starttls no\n  </domain>\n</virtual-mta>",
  "<virtual-mta b>\n</virtual-mta>",
  "<virtual-mta lone>\n  <domain gmail.com>\n    queue-priority 90\n  </domain>\n</virtual-mta>",
  "<virtual-mta-pool p>\n  virtual-mta a\n  virtual-mta b\n  <domain gmail.com>\n    max-smtp-out 7\n    retry-after 1m\n  </domain>\n  <domain *.yahoo.com>\n    max-smtp-out 8\n  </domain>\n</virtual-mta-pool>",
  "<virtual-mta-pool q>\n  virtual-mta b\n</virtual-mta-pool>",
].join("\n");

describe("resolveDomain with a VirtualMTA", () => {
  const config = compileOk(CONFIG);

  it("without a VirtualMTA, sees the top-level blocks only", () => {
    expect(resolveDomain(config, "gmail.com")).toMatchObject({ maxSmtpOut: 30, maxMsgPerConnection: 40 });
  });

  it("lets a VirtualMTA's own blocks override the top level, whatever their specificity", () => {
    // a's own <domain *> beats the top-level <domain gmail.com>; unset keys still come from the top level.
    expect(resolveDomain(config, "hotmail.com", "a")).toMatchObject({ maxSmtpOut: 5, bounceAfter: 2 * 86_400_000 });
  });

  it("lets member VirtualMTAs inherit the pool's blocks, and a VirtualMTA's own block win over them", () => {
    expect(resolveDomain(config, "gmail.com", "b")).toMatchObject({ maxSmtpOut: 7, retryAfter: [60_000], maxMsgPerConnection: 40 });
    expect(resolveDomain(config, "gmail.com", "a")).toMatchObject({ maxSmtpOut: 5, retryAfter: [60_000] });
    expect(resolveDomain(config, "mail.yahoo.com", "b")).toMatchObject({ maxSmtpOut: 8, maxRcptPerTransaction: 50, useStarttls: true });
    expect(resolveDomain(config, "mail.yahoo.com", "a")).toMatchObject({ maxSmtpOut: 5, maxRcptPerTransaction: 50, useStarttls: false });
  });

  it("resolves for a pool name (its own blocks over the top level) and is case-insensitive", () => {
    expect(resolveDomain(config, "GMAIL.com", "P")).toMatchObject({ maxSmtpOut: 7, maxMsgPerConnection: 40 });
    expect(resolveDomain(config, "gmail.com", "Lone")).toMatchObject({ maxSmtpOut: 30, queuePriority: 90 });
  });

  it("treats a VirtualMTA without blocks anywhere, or an unknown name, as the top level", () => {
    expect(resolveDomain(config, "gmail.com", "q")).toBe(resolveDomain(config, "gmail.com"));
    expect(resolveDomain(config, "gmail.com", "nope")).toBe(resolveDomain(config, "gmail.com"));
    expect(resolveDomain(config, "example.org", "b")).toEqual({ ...DEFAULT_DOMAIN_SETTINGS, maxSmtpOut: 20, bounceAfter: 2 * 86_400_000 });
  });

  it("returns frozen, cached settings and keeps its cache bounded", () => {
    const s = resolveDomain(config, "gmail.com", "a");
    expect(Object.isFrozen(s)).toBe(true);
    expect(resolveDomain(config, "gmail.com", "A")).toBe(s);
    const index = new VirtualMtaIndex(config, new DomainIndex(config.domains), 2);
    for (const d of ["a.x", "b.x", "c.x"]) index.resolveDomain(d, "a");
    expect((index as unknown as { cache: { size: number } }).cache.size).toBe(2);
  });

  it("does not scan rules per lookup (1 000 VirtualMTAs with 10 blocks each, still fast)", () => {
    const vmtas = Array.from({ length: 1000 }, (_, i) => {
      const domains = Array.from({ length: 10 }, (_, j) => `  <domain d${j}.example>\n    max-smtp-out ${j + 1}\n  </domain>`).join("\n");
      return `<virtual-mta v${i}>\n${domains}\n</virtual-mta>`;
    });
    const big = compileOk(vmtas.join("\n"));
    const start = performance.now();
    for (let i = 0; i < 20_000; i++) resolveDomain(big, `x${i}.d${i % 10}.example`, `v${i % 1000}`);
    expect(resolveDomain(big, "d3.example", "v999").maxSmtpOut).toBe(4);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe("resolveVirtualMta and listPoolMembers", () => {
  const config = compileOk(CONFIG);

  it("finds a VirtualMTA, or a pool with its members, by name in any case", () => {
    expect(resolveVirtualMta(config, "A")).toEqual({ kind: "virtual-mta", vmta: config.virtualMtas[0] });
    expect(resolveVirtualMta(config, "p")).toEqual({ kind: "pool", pool: config.pools[0], members: [config.virtualMtas[0], config.virtualMtas[1]] });
    expect(resolveVirtualMta(config, "{default}")).toBeUndefined();
  });

  it("lists a pool's members in rotation order, and nothing for anything else", () => {
    expect(listPoolMembers(config, "P").map((v) => v.name)).toEqual(["a", "b"]);
    expect(listPoolMembers(config, "a")).toEqual([]);
    expect(listPoolMembers(config, "nope")).toEqual([]);
  });

  it("counts blocks per type", () => {
    expect(configSummary(config)).toEqual({ listeners: 1, sources: 0, domains: 8, virtualMtas: 3, pools: 2, patternLists: 0, smtpUsers: 0, acctFiles: 0, smtpPatternLists: 0, mxRollups: 0, bounceCategoryPatterns: 0 });
  });
});

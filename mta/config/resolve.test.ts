import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS, DEFAULT_SOURCE_SETTINGS } from "./defaults";
import { DomainIndex } from "./domain-index";
import { resolveDomain, resolveSource } from "./resolve";
import { SourceIndex } from "./source-index";
import { compileOk } from "./test-helpers";
import type { DomainRule, MtaConfig } from "./types";

const DAY = 86_400_000;

const DOMAIN_BLOCKS = [
  "<domain discard.port25.com>\n  bounce-after 1h\n</domain>",
  "<domain *.port25.com>\n  max-smtp-out 3\n</domain>",
  "<domain [*.]port25.com>\n  bounce-after 4d\n  max-smtp-out 9\n  default-smtp-port 2525\n</domain>",
  "<domain *>\n  bounce-after 2d\n  retry-after 5m\n</domain>",
  "<domain port25.com>\n  max-msg-per-connection 7\n</domain>",
  "<domain [*.]deep.port25.com>\n  use-starttls no\n</domain>",
];

describe("resolveDomain", () => {
  it("merges from * to the most specific pattern, whatever the file order", () => {
    const forward = compileOk(DOMAIN_BLOCKS.join("\n"));
    const backward = compileOk([...DOMAIN_BLOCKS].reverse().join("\n"));
    for (const config of [forward, backward]) {
      expect(resolveDomain(config, "discard.port25.com")).toMatchObject({ bounceAfter: 3_600_000, maxSmtpOut: 3, defaultSmtpPort: 2525, retryAfter: [300_000] });
      expect(resolveDomain(config, "a.port25.com")).toMatchObject({ bounceAfter: 4 * DAY, maxSmtpOut: 3 });
      // `*.port25.com` does not match port25.com itself; `[*.]port25.com` does, and the exact block adds to it.
      expect(resolveDomain(config, "port25.com")).toMatchObject({ bounceAfter: 4 * DAY, maxSmtpOut: 9, maxMsgPerConnection: 7 });
      // A deeper suffix beats a shallower one.
      expect(resolveDomain(config, "x.deep.port25.com")).toMatchObject({ useStarttls: false, maxSmtpOut: 3, bounceAfter: 4 * DAY });
      expect(resolveDomain(config, "example.org")).toEqual({ ...DEFAULT_DOMAIN_SETTINGS, bounceAfter: 2 * DAY, retryAfter: [300_000] });
    }
  });

  it("lets an exact name beat [*.]name for the name itself", () => {
    const config = compileOk("<domain example.com>\n  max-smtp-out 1\n</domain>\n<domain [*.]example.com>\n  max-smtp-out 2\n</domain>");
    expect(resolveDomain(config, "example.com").maxSmtpOut).toBe(1);
    expect(resolveDomain(config, "www.example.com").maxSmtpOut).toBe(2);
  });

  it("clears an inherited smtp-hosts with an empty string", () => {
    const config = compileOk('<domain *>\n  smtp-hosts [10.0.0.1]\n</domain>\n<domain direct.example>\n  smtp-hosts ""\n</domain>');
    expect(resolveDomain(config, "other.example").smtpHosts).toEqual([[{ host: "10.0.0.1", literal: true }]]);
    expect(resolveDomain(config, "direct.example").smtpHosts).toBeNull();
  });

  it("matches case-insensitively, ignores a trailing dot, and understands IDN", () => {
    const config = compileOk("<domain bücher.de>\n  max-smtp-out 4\n</domain>");
    expect(resolveDomain(config, "BÜCHER.de").maxSmtpOut).toBe(4);
    expect(resolveDomain(config, "xn--bcher-kva.de.").maxSmtpOut).toBe(4);
  });

  it("returns frozen settings and falls back to the defaults for malformed names", () => {
    const config = compileOk("<domain *>\n  max-smtp-out 2\n</domain>");
    const s = resolveDomain(config, "a.example");
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.retryAfter)).toBe(true);
    expect(resolveDomain(config, "not a domain").maxSmtpOut).toBe(2);
  });

  it("works for a config built by hand (no compile step)", () => {
    const rules: DomainRule[] = [{ pattern: "*.example", settings: { maxSmtpOut: 8 }, origin: { file: "x", line: 1, col: 1 } }];
    const config: MtaConfig = {
      hostName: "h",
      postmaster: "p@h",
      listeners: [],
      sources: [],
      domains: rules,
      acctFiles: [],
      virtualMtas: [],
      pools: [],
      patternLists: [],
      smtpUsers: [],
      totalMaxSmtpOut: 1200,
      smtpPatternLists: [],
      http: { port: 0, access: [], apiKeys: [] },
      mxRollups: [],
      bounceCategoryPatterns: [],
      startupRamp: null,
    };
    expect(resolveDomain(config, "a.example").maxSmtpOut).toBe(8);
  });

  it("keeps its cache bounded", () => {
    const index = new DomainIndex([], 3);
    for (const d of ["a.x", "b.x", "c.x", "d.x", "e.x"]) index.resolve(d);
    expect((index as unknown as { cache: { size: number } }).cache.size).toBe(3);
  });

  it("does not scan the rules per lookup (10 000 blocks, still fast)", () => {
    const blocks = Array.from({ length: 10_000 }, (_, i) => `<domain d${i}.example>\n  max-smtp-out ${(i % 50) + 1}\n</domain>`);
    const config = compileOk(blocks.join("\n"));
    const start = performance.now();
    for (let i = 0; i < 20_000; i++) resolveDomain(config, `x${i}.d${i % 10_000}.example`);
    expect(resolveDomain(config, "d123.example").maxSmtpOut).toBe(24);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe("resolveSource", () => {
  it("lets only 127.0.0.1 and ::1 relay when no rule says otherwise", () => {
    const config = compileOk("");
    expect(resolveSource(config, "127.0.0.1").alwaysAllowRelaying).toBe(true);
    expect(resolveSource(config, "::1").alwaysAllowRelaying).toBe(true);
    expect(resolveSource(config, "::ffff:127.0.0.1").alwaysAllowRelaying).toBe(true);
    expect(resolveSource(config, "127.0.0.2").alwaysAllowRelaying).toBe(false);
    expect(resolveSource(config, "203.0.113.5")).toEqual({ ...DEFAULT_SOURCE_SETTINGS, alwaysAllowRelaying: false });
  });

  it("merges CIDR rules from general to specific, whatever the file order", () => {
    const blocks = [
      "<source 0/0>\n  always-allow-relaying no\n  max-message-size 10M\n  smtp-service no\n</source>",
      "<source 10/8>\n  always-allow-relaying yes\n  smtp-service yes\n</source>",
      "<source 10.0.0.5>\n  max-message-size 1M\n</source>",
    ];
    for (const config of [compileOk(blocks.join("\n")), compileOk([...blocks].reverse().join("\n"))]) {
      expect(resolveSource(config, "10.0.0.5")).toMatchObject({ alwaysAllowRelaying: true, maxMessageSize: 1024 ** 2, smtpService: true });
      expect(resolveSource(config, "10.9.9.9")).toMatchObject({ alwaysAllowRelaying: true, maxMessageSize: 10 * 1024 ** 2 });
      expect(resolveSource(config, "192.0.2.1")).toMatchObject({ alwaysAllowRelaying: false, smtpService: false });
      // An explicit rule overrides the loopback default too.
      expect(resolveSource(config, "127.0.0.1").alwaysAllowRelaying).toBe(false);
      // IPv4-mapped IPv6 peers match IPv4 rules.
      expect(resolveSource(config, "::ffff:10.0.0.5").maxMessageSize).toBe(1024 ** 2);
      // 0/0 is IPv4 only: ::1 keeps its default.
      expect(resolveSource(config, "::1")).toMatchObject({ alwaysAllowRelaying: true, smtpService: true });
    }
  });

  it("matches IPv6 rules", () => {
    const config = compileOk("<source 2001:db8::/32>\n  always-allow-relaying yes\n</source>\n<source ::/0>\n  max-message-hops 5\n</source>");
    expect(resolveSource(config, "2001:db8:1::7")).toMatchObject({ alwaysAllowRelaying: true, maxMessageHops: 5 });
    expect(resolveSource(config, "2001:db9::7")).toMatchObject({ alwaysAllowRelaying: false, maxMessageHops: 5 });
    expect(resolveSource(config, "10.0.0.1").maxMessageHops).toBe(100);
  });

  it("lets a named source selected by the listener override IP-based settings", () => {
    const config = compileOk(
      "smtp-listener 0/0:587 source=submission\n<source submission>\n  max-message-size 5M\n  always-allow-relaying yes\n</source>\n<source 0/0>\n  always-allow-relaying no\n  max-message-hops 20\n</source>",
    );
    expect(resolveSource(config, "198.51.100.1", "submission")).toMatchObject({ alwaysAllowRelaying: true, maxMessageSize: 5 * 1024 ** 2, maxMessageHops: 20 });
    expect(resolveSource(config, "198.51.100.1")).toMatchObject({ alwaysAllowRelaying: false, maxMessageSize: 50 * 1024 ** 2 });
    expect(resolveSource(config, "198.51.100.1", "{auth}").alwaysAllowRelaying).toBe(false);
  });

  it("treats an unparseable address as an unknown peer", () => {
    expect(resolveSource(compileOk(""), "garbage")).toEqual({ ...DEFAULT_SOURCE_SETTINGS });
  });

  it("keeps its cache bounded", () => {
    const index = new SourceIndex([], 2);
    for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) index.resolve(ip);
    expect((index as unknown as { cache: { size: number } }).cache.size).toBe(2);
  });
});

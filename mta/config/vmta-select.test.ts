import { describe, expect, it } from "vitest";
import { resolveSource } from "./resolve";
import { compileOk } from "./test-helpers";
import { chooseVirtualMta, matchPatternList, type PatternSubject } from "./vmta-select";

const CONFIG = compileOk(
  [
    "<virtual-mta news>\n</virtual-mta>\n<virtual-mta vip>\n</virtual-mta>\n<virtual-mta bulk>\n</virtual-mta>\n<virtual-mta fallback>\n</virtual-mta>",
    "<pattern-list route>",
    "  mail-from /@news\\.example$/ virtual-mta=news",
    "  rcpt-to /(?-i)^VIP-/ virtual-mta=vip",
    "  header x-priority /^\\s*low\\s*$/ virtual-mta=bulk",
    "  header x-seed /yes/ recipient-priority=10",
    "</pattern-list>",
    "<source 10/8>\n  pattern-list route\n  default-virtual-mta fallback\n</source>",
    "<source 127.0.0.1>\n  process-x-virtual-mta yes\n  pattern-list route\n</source>",
    "<source api>\n  default-virtual-mta bulk\n</source>",
  ].join("\n"),
);

const message = (mailFrom: string, rcptTo = "someone@example.org", headers: Record<string, string> = {}): PatternSubject => ({
  mailFrom,
  rcptTo,
  header: (name) => headers[name],
});

describe("matchPatternList", () => {
  it("returns the first matching rule, matching case-insensitively unless (?-i)", () => {
    expect(matchPatternList(CONFIG, "route", message("Letters@NEWS.example"))?.virtualMta).toBe("news");
    expect(matchPatternList(CONFIG, "route", message("a@b", "VIP-1@x"))?.virtualMta).toBe("vip");
    expect(matchPatternList(CONFIG, "route", message("a@b", "vip-1@x"))).toBeUndefined();
    expect(matchPatternList(CONFIG, "route", message("a@b", "c@d", { "x-priority": "  LOW \r\n" }))?.virtualMta).toBe("bulk");
  });

  it("returns nothing for an unknown list or when no rule matches", () => {
    expect(matchPatternList(CONFIG, "nope", message("a@news.example"))).toBeUndefined();
    expect(matchPatternList(CONFIG, "route", message(""))).toBeUndefined();
  });
});

describe("chooseVirtualMta", () => {
  const app = resolveSource(CONFIG, "10.1.2.3");
  const local = resolveSource(CONFIG, "127.0.0.1");

  it("uses the pattern list first, then the source's default", () => {
    expect(chooseVirtualMta(CONFIG, app, message("a@news.example"))).toEqual({ name: "news", via: "pattern-list" });
    expect(chooseVirtualMta(CONFIG, app, message("a@other.example"))).toEqual({ name: "fallback", via: "source" });
  });

  it("lets a matching rule without a VirtualMTA end the pattern-list step", () => {
    expect(chooseVirtualMta(CONFIG, app, message("a@b", "c@d", { "x-seed": "yes" }))).toEqual({ name: "fallback", via: "source" });
  });

  it("honours X-Virtual-MTA only when the source processes it, and ignores an empty one", () => {
    const withHeader = message("a@news.example", "c@d", { "x-virtual-mta": " VIP " });
    expect(chooseVirtualMta(CONFIG, local, withHeader)).toEqual({ name: "vip", via: "header" });
    expect(chooseVirtualMta(CONFIG, app, withHeader)).toEqual({ name: "news", via: "pattern-list" });
    expect(chooseVirtualMta(CONFIG, local, message("a@b", "c@d", { "x-virtual-mta": "  " }))).toBeUndefined();
  });

  it("takes a named source's default over the IP-based one, and {default} when nothing applies", () => {
    expect(chooseVirtualMta(CONFIG, resolveSource(CONFIG, "10.1.2.3", "api"), message("a@other.example"))).toEqual({ name: "bulk", via: "source" });
    expect(chooseVirtualMta(CONFIG, resolveSource(CONFIG, "192.0.2.1"), message("a@news.example"))).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { KNOWN_BOUNCE_CATEGORIES } from "./compile-bounce-categories";
import { compileOk, compileText, errors, exactlyAt as at, locAt as loc, warnings } from "./test-helpers";

const EXAMPLE = "e.g. /mailbox (is )?full/ quota-issues";
const GROUPING = "PowerMTA accepts new names, but the console's bounce reports group by the known ones";

const patterns = (body: string) => compileText(`<bounce-category-patterns>\n${body}\n</bounce-category-patterns>`);

describe("<bounce-category-patterns>", () => {
  it("compiles /regex/ category lines of every block in file order", () => {
    const config = compileOk(
      [
        "<bounce-category-patterns>",
        "  /mailbox (is )?full/ quota-issues",
        "  /(?-i)RLY:B1/ Spam-Related # AOL",
        "  /http://x|say \"hi\"/ policy-related",
        "</bounce-category-patterns>",
        "<bounce-category-patterns>",
        "  /^2\\.\\d\\.\\d/ success",
        "  // other",
        "</bounce-category-patterns>",
      ].join("\n"),
    );
    expect(config.bounceCategoryPatterns).toEqual([
      { pattern: { source: "mailbox (is )?full", flags: "i" }, category: "quota-issues", origin: loc(2, 3) },
      { pattern: { source: "RLY:B1", flags: "" }, category: "spam-related", origin: loc(3, 3) },
      { pattern: { source: 'http://x|say "hi"', flags: "i" }, category: "policy-related", origin: loc(4, 3) },
      { pattern: { source: "^2\\.\\d\\.\\d", flags: "i" }, category: "success", origin: loc(7, 3) },
      { pattern: { source: "", flags: "i" }, category: "other", origin: loc(8, 3) },
    ]);
  });

  it("knows PowerMTA's 17 categories and success (powermta.md §3)", () => {
    expect([...KNOWN_BOUNCE_CATEGORIES].sort()).toEqual(
      `bad-configuration bad-connection bad-domain bad-mailbox content-related inactive-mailbox invalid-sender
       message-expired no-answer-from-host other policy-related protocol-errors quota-issues relaying-issues
       routing-errors spam-related success virus-related`.split(/\s+/),
    );
  });

  it("accepts a category PowerMTA does not know, with a warning at it (suggesting a close one)", () => {
    const r = patterns("  /spam/ spam-relatd\n  /fbl/ made-up-cat");
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([
      at(2, 10, `"spam-relatd" is not one of PowerMTA's bounce categories (did you mean "spam-related"?); ${GROUPING}`),
      at(3, 9, `"made-up-cat" is not one of PowerMTA's bounce categories; ${GROUPING}`),
    ]);
    expect(r.config?.bounceCategoryPatterns.map((p) => p.category)).toEqual(["spam-relatd", "made-up-cat"]);
  });

  it("warns that the block takes no name", () => {
    const r = compileText("<bounce-category-patterns mine>\n  /spam/ spam-related\n</bounce-category-patterns>");
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: "warning", line: 1, col: 27, message: '<bounce-category-patterns> takes no name; "mine" is ignored' })]);
    expect(r.config?.bounceCategoryPatterns).toHaveLength(1);
  });

  it.each([
    ["/spam/ Bad_Cat", 10, 'invalid bounce category "Bad_Cat": use letters, digits and "-", e.g. quota-issues'],
    ["/spam/", 9, `expected one bounce category after the /REGEX/, ${EXAMPLE}`],
    ["/spam/ spam-related extra", 23, `expected one bounce category after the /REGEX/, ${EXAMPLE}`],
    ["/sp(am/ spam-related", 3, "invalid regular expression /sp(am/: Unterminated group"],
    ["/\\Aspam/ spam-related", 4, "\\A is a PCRE escape JavaScript regexes do not support: write ^ instead"],
    ["/(?-i)\\Zx/ other", 9, "\\Z is a PCRE escape JavaScript regexes do not support: write $ instead"],
    ["/a(?i)b/ spam-related", 5, "inline flags such as (?i) are only supported as a leading (?-i) or (?i): JavaScript regexes have no inline flags"],
    ["spam spam-related", 3, `expected /REGEX/ CATEGORY in <bounce-category-patterns>, ${EXAMPLE}`],
    ["/spam spam-related", 3, `expected /REGEX/ CATEGORY in <bounce-category-patterns>, ${EXAMPLE}`],
  ])("reports %j at column %d", (line, col, message) => {
    const r = patterns(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });

  it("allows no nested block, and is a top-level block only", () => {
    expect(errors(patterns("  <domain x>\n  </domain>"))).toEqual([
      at(2, 3, "<domain> is not allowed in <bounce-category-patterns>; it belongs at the top level, in <virtual-mta> or in <virtual-mta-pool>"),
    ]);
    expect(errors(compileText("<virtual-mta v>\n  <bounce-category-patterns>\n  </bounce-category-patterns>\n</virtual-mta>"))).toEqual([
      at(2, 3, "<bounce-category-patterns> is not allowed in <virtual-mta>; it belongs at the top level"),
    ]);
  });
});

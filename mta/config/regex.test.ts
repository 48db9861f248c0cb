import { describe, expect, it } from "vitest";
import { splitRegex, toJsPattern } from "./regex";

describe("toJsPattern", () => {
  it("matches case-insensitively, like PowerMTA", () => {
    expect(toJsPattern("@Example\\.com$")).toEqual({ ok: true, value: { source: "@Example\\.com$", flags: "i" } });
  });

  it("turns a leading (?-i) into a case-sensitive pattern, and drops a redundant leading (?i)", () => {
    expect(toJsPattern("(?-i)TS03")).toEqual({ ok: true, value: { source: "TS03", flags: "" } });
    expect(toJsPattern("(?i)ts03")).toEqual({ ok: true, value: { source: "ts03", flags: "i" } });
  });

  it("rejects inline flags elsewhere, which JavaScript cannot express", () => {
    expect(toJsPattern("abc(?-i)DEF")).toMatchObject({ ok: false, offset: 3, message: expect.stringContaining("(?-i)") });
    expect(toJsPattern("(?-i)a(?i)b")).toMatchObject({ ok: false, offset: 6 });
    expect(toJsPattern("a\\(?i\\)").ok).toBe(true);
  });

  it.each([
    ["\\Afoo", 0, "\\A is a PCRE escape JavaScript regexes do not support: write ^ instead"],
    ["foo\\z", 3, "write $ instead"],
    ["a\\hb", 1, "\\h"],
    ["x\\x{41}", 1, "\\x{…}"],
  ])("rejects the PCRE-only escape in %j at offset %d instead of silently matching a letter", (source, offset, message) => {
    expect(toJsPattern(source)).toMatchObject({ ok: false, offset, message: expect.stringContaining(message) });
  });

  it("accepts what PowerMTA's guide writes: \\x23 for #, escaped quotes, classes and anchors", () => {
    for (const source of ["rule \\x23CR-IN-DEF-2", 'say \\"hi\\"', "^\\s*eval", "\\[TS0[1-3]\\]", "@*.coml.com", "a\\\\Ab"]) {
      expect(toJsPattern(source).ok, source).toBe(true);
    }
  });

  it("reports a pattern JavaScript cannot compile (possessive, atomic, unbalanced)", () => {
    for (const source of ["a++", "(?>a)", "(a", "[a"]) {
      expect(toJsPattern(source)).toMatchObject({ ok: false, message: expect.stringContaining(`invalid regular expression /${source}/`) });
    }
  });
});

describe("splitRegex", () => {
  it("takes everything from the first to the last slash as the pattern", () => {
    expect(splitRegex("/http://x/ virtual-mta=a")).toEqual({ ok: true, value: { source: "http://x", sourceOffset: 1, rest: " virtual-mta=a", restOffset: 10 } });
  });

  it("needs a pattern between slashes", () => {
    expect(splitRegex("abc")).toMatchObject({ ok: false, message: 'expected /REGEX/, got "abc"' });
    expect(splitRegex("/abc")).toMatchObject({ ok: false, offset: 0, message: expect.stringContaining("unterminated") });
  });
});

import { describe, expect, it } from "vitest";
import { lex } from "./lexer";

describe("lex", () => {
  it("reads directives with their name, value and columns", () => {
    const { lines, diagnostics } = lex("  max-smtp-out   20\n", "f.conf");
    expect(diagnostics).toEqual([]);
    expect(lines).toHaveLength(1);
    const [d] = lines;
    expect(d).toMatchObject({ kind: "directive", name: "max-smtp-out", value: "20", quoted: false });
    if (d.kind !== "directive") throw new Error("not a directive");
    expect(d.loc).toEqual({ file: "f.conf", line: 1, col: 3 });
    expect(d.valueLoc.col).toBe(18);
  });

  it("strips # comments anywhere: after a directive, after a tag, on their own line", () => {
    const { lines } = lex("# top\n<domain x.com> # note\n  bounce-after 1d # one day\n</domain>#end", "f");
    expect(lines.map((l) => l.kind)).toEqual(["open", "directive", "close"]);
    expect(lines[0]).toMatchObject({ tag: "domain", arg: "x.com" });
    expect(lines[1]).toMatchObject({ name: "bounce-after", value: "1d" });
  });

  it("treats # inside quotes as a comment too, like PowerMTA, and reports the broken quote", () => {
    const { lines, diagnostics } = lex('auth-password "a#b"', "f");
    expect(lines).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 15, severity: "error" });
    expect(diagnostics[0].message).toContain("unterminated quoted string");
  });

  it("skips blank lines and keeps line numbers", () => {
    const { lines } = lex("\n\n   \nhost-name a.b\r\n\r\npostmaster x@a.b", "f");
    expect(lines.map((l) => l.loc.line)).toEqual([4, 6]);
    expect(lines[0]).toMatchObject({ value: "a.b" });
  });

  it("unquotes a value that is one quoted string, and keeps empty strings", () => {
    const { lines } = lex('smtp-hosts ""\ncustom-dsn-from-header "Postmaster <p@x.com>"', "f");
    expect(lines[0]).toMatchObject({ value: "", quoted: true });
    expect(lines[1]).toMatchObject({ value: "Postmaster <p@x.com>", quoted: true });
    if (lines[1].kind !== "directive") throw new Error();
    expect(lines[1].valueLoc.col).toBe(25);
  });

  it("splits words, honouring quotes", () => {
    const { lines } = lex('smtp-server-tls-certificate "/a b/c.pem" pass', "f");
    if (lines[0].kind !== "directive") throw new Error();
    expect(lines[0].words).toEqual([
      { text: "/a b/c.pem", col: 30, quoted: true },
      { text: "pass", col: 42, quoted: false },
    ]);
    expect(lines[0].quoted).toBe(false);
  });

  it("reads tags with and without arguments, lower-casing the tag name", () => {
    const { lines } = lex("<Domain [*.]Example.com>\n<mx-rollup-list >\n</DOMAIN>", "f");
    expect(lines[0]).toMatchObject({ kind: "open", tag: "domain", arg: "[*.]Example.com" });
    if (lines[0].kind !== "open") throw new Error();
    expect(lines[0].argLoc.col).toBe(9);
    expect(lines[1]).toMatchObject({ kind: "open", tag: "mx-rollup-list", arg: "" });
    expect(lines[2]).toMatchObject({ kind: "close", tag: "domain" });
  });

  it("reports a tag that is not alone on its line, with its position", () => {
    const { lines, diagnostics } = lex("  <domain x.com> max-smtp-out 2", "f");
    expect(lines).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 3 });
    expect(diagnostics[0].message).toContain('expected ">"');
  });

  it("reports a nameless tag and text in a closing tag", () => {
    expect(lex("< >", "f").diagnostics[0].message).toContain("expected a tag name");
    const close = lex("</domain x>", "f");
    expect(close.diagnostics[0]).toMatchObject({ col: 9 });
    expect(close.diagnostics[0].message).toContain("unexpected text in closing tag");
  });

  it("ignores a UTF-8 byte order mark", () => {
    const { lines } = lex("\ufeffhost-name a.b", "f");
    expect(lines[0]).toMatchObject({ name: "host-name", loc: { col: 1 } });
  });
});

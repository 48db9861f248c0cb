import { describe, expect, it } from "vitest";
import { resolveDomain } from "./resolve";
import { compileOk, compileText, errors } from "./test-helpers";

const patterns = (text: string) => compileOk(text).domains.map((d) => `${d.pattern}${d.fromMacro ? " (macro)" : ""}`);

describe("domain-macro", () => {
  it("expands a macro used as the whole pattern", () => {
    expect(patterns("domain-macro gmail gmail.com, googlemail.com\n<domain $gmail>\n</domain>")).toEqual([
      "gmail.com (macro)",
      "googlemail.com (macro)",
    ]);
  });

  it("expands a macro inside a pattern and combines several macros", () => {
    const text = [
      "domain-macro isp yahoo, ymail",
      "domain-macro tld com, co.uk",
      "<domain $isp.$tld>",
      "</domain>",
      "domain-macro dottld .de,.fr",
      "<domain [*.]web$dottld>",
      "</domain>",
    ].join("\n");
    expect(patterns(text)).toEqual([
      "yahoo.com (macro)",
      "yahoo.co.uk (macro)",
      "ymail.com (macro)",
      "ymail.co.uk (macro)",
      "[*.]web.de (macro)",
      "[*.]web.fr (macro)",
    ]);
  });

  it("lets macros use macros, defined in any order", () => {
    const text = "<domain aol.$tld>\n</domain>\ndomain-macro tld $com, org, net\ndomain-macro com com, co.uk, com.br";
    expect(patterns(text)).toEqual([
      "aol.com (macro)",
      "aol.co.uk (macro)",
      "aol.com.br (macro)",
      "aol.org (macro)",
      "aol.net (macro)",
    ]);
  });

  it("reports loops, even in unused macros", () => {
    const r = compileText("domain-macro a x.com, $b\ndomain-macro b $c\ndomain-macro c $a");
    expect(r.config).toBeNull();
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ line: 1, col: 1, message: "domain-macro loop: $a → $b → $c → $a" });
  });

  it("reports a macro that uses itself", () => {
    expect(errors(compileText("domain-macro a $a"))[0].message).toBe("domain-macro loop: $a → $a");
  });

  it("reports undefined macros at the reference, with a suggestion", () => {
    const r = compileText("domain-macro gmail gmail.com\n<domain $gmial>\n</domain>");
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 2, col: 9, message: 'undefined domain-macro "$gmial" (did you mean "$gmail"?)' }),
    ]);
    const inDef = compileText("domain-macro a x.com, y.$nope");
    expect(errors(inDef)[0]).toMatchObject({ line: 1, col: 25, message: 'undefined domain-macro "$nope"' });
  });

  it("validates definitions", () => {
    expect(errors(compileText("domain-macro bad-name a.com"))[0].message).toContain('invalid domain-macro name "bad-name"');
    expect(errors(compileText("domain-macro lonely"))[0].message).toBe('domain-macro "lonely" has an empty domain list');
    expect(errors(compileText("domain-macro a x.com,,y.com"))[0]).toMatchObject({ col: 22, message: expect.stringContaining("empty entry") });
    const dup = compileText("domain-macro a x.com\ndomain-macro a y.com");
    expect(errors(dup)[0]).toMatchObject({ line: 2, message: expect.stringContaining('"a" is already defined at /cfg/hermod.conf:1:1') });
    expect(errors(compileText("<domain source>\n</domain>\n<source 1.2.3.4>\n  domain-macro a b.com\n</source>"))[0].message)
      .toContain("`domain-macro` is not valid in <source>");
  });

  it("reports invalid expanded patterns", () => {
    const r = compileText("domain-macro m a b.com\n<domain $m>\n</domain>");
    expect(errors(r)[0]).toMatchObject({ line: 2, col: 9, message: expect.stringContaining('invalid domain pattern "a b.com"') });
  });

  it("lets an explicitly listed domain beat a macro-expanded one, whatever the order", () => {
    for (const text of [
      "<domain aol.com>\n  max-smtp-out 100\n</domain>\ndomain-macro com com, co.uk\n<domain aol.$com>\n  max-smtp-out 50\n</domain>",
      "domain-macro com com, co.uk\n<domain aol.$com>\n  max-smtp-out 50\n</domain>\n<domain aol.com>\n  max-smtp-out 100\n</domain>",
    ]) {
      const config = compileOk(text);
      expect(resolveDomain(config, "aol.com").maxSmtpOut).toBe(100);
      expect(resolveDomain(config, "aol.co.uk").maxSmtpOut).toBe(50);
    }
  });

  it("merges two macro blocks that expand to the same domain in file order", () => {
    const config = compileOk(
      "domain-macro a mail.com, x.com\ndomain-macro b mail.com\n<domain $a>\n  max-smtp-out 3\n  bounce-after 1d\n</domain>\n<domain $b>\n  max-smtp-out 4\n</domain>",
    );
    expect(resolveDomain(config, "mail.com")).toMatchObject({ maxSmtpOut: 4, bounceAfter: 86_400_000 });
  });
});

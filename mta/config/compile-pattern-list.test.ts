import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

const VMTAS = "<virtual-mta v1>\n</virtual-mta>\n<virtual-mta v2>\n</virtual-mta>\n<virtual-mta-pool p>\n  virtual-mta v1\n</virtual-mta-pool>\n";
const list = (body: string) => compileText(`${VMTAS}<pattern-list l>\n${body}\n</pattern-list>`);
const FIRST = 9; // the line of the first rule in `list`

describe("<pattern-list>", () => {
  it("compiles every kind of rule, in order, with JavaScript patterns", () => {
    const config = compileOk(
      `${VMTAS}<pattern-list Route>\n` +
        [
          "  mail-from /@News\\.example$/ virtual-mta=P",
          "  rcpt-to /(?-i)VIP/ virtual-mta=v1",
          "  header X-Campaign: /^\\s*promo/ virtual-mta=v2",
          "  * virtual-mta=v1",
        ].join("\n") +
        "\n</pattern-list>",
    );
    const at = (line: number, col = 3) => ({ file: "/cfg/hermod.conf", line, col });
    expect(config.patternLists).toEqual([
      {
        name: "Route",
        origin: at(8, 1),
        rules: [
          { field: "mail-from", pattern: { source: "@News\\.example$", flags: "i" }, virtualMta: "p", origin: at(9) },
          { field: "rcpt-to", pattern: { source: "VIP", flags: "" }, virtualMta: "v1", origin: at(10) },
          { field: "header", header: "x-campaign", pattern: { source: "^\\s*promo", flags: "i" }, virtualMta: "v2", origin: at(11) },
          { field: "*", virtualMta: "v1", origin: at(12) },
        ],
      },
    ]);
  });

  it("accepts patterns with spaces and slashes, and several results", () => {
    const r = list("  mail-from /news letter/ virtual-mta=v1,recipient-priority=80\n  rcpt-to /http://x/ virtual-mta=v2");
    expect(errors(r)).toEqual([]);
    expect(r.config?.patternLists[0].rules.map((x) => x.pattern?.source)).toEqual(["news letter", "http://x"]);
  });

  it.each([
    ["  mail-from /a(/ virtual-mta=v1", 13, "invalid regular expression /a(/"],
    ["  mail-from /\\Aadmin/ virtual-mta=v1", 14, "\\A is a PCRE escape"],
    ["  rcpt-to /x(?i)y/ virtual-mta=v1", 13, "inline flags such as (?i)"],
    ["  rcpt-to x virtual-mta=v1", 11, 'rcpt-to expected /REGEX/, got "x virtual-mta=v1"'],
    ["  mail-from /x/", 16, "mail-from needs a result, e.g. virtual-mta=NAME"],
    ["  mail-from /x/ vmta=v1", 17, 'unknown pattern-list result "vmta=v1"'],
    ["  mail-from /x/ virtual-mta=v1, virtual-mta=v2", 33, "a rule selects at most one virtual-mta="],
    ["  mail-from /x/ recipient-priority=101", 17, 'invalid recipient-priority "101"'],
    ["  header /x/ virtual-mta=v1", 10, "header needs a header name before the /REGEX/"],
    ["  mail-from /x/ virtual-mta=v9", 17, 'virtual-mta=v9: no <virtual-mta v9> or <virtual-mta-pool v9> is defined (did you mean "v1"?)'],
    ["  bcc /x/ virtual-mta=v1", 3, "`bcc` is not valid in <pattern-list>"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = list(line);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([expect.objectContaining({ line: FIRST, col, message: expect.stringContaining(message) })]);
  });

  it("warns about results it does not act on, keeping the rule so it still matches first", () => {
    const r = compileText(`${VMTAS}<pattern-list other>\n</pattern-list>\n<pattern-list l>\n  rcpt-to /seed/ recipient-priority=90\n  header x-custom /abc/ call-to: other\n</pattern-list>`);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => [w.line, w.col, w.message.split(" ")[0]])).toEqual([
      [11, 18, "`recipient-priority=`"],
      [12, 25, "`call-to:`"],
    ]);
    expect(r.config?.patternLists[1].rules.map((x) => x.virtualMta)).toEqual([undefined, undefined]);
    expect(errors(list("  header x /y/ call-to:nowhere"))[0].message).toBe("call-to:nowhere: no <pattern-list nowhere> is defined");
  });

  it("parses PowerMTA's conditional nested lists and warns that they are not acted on", () => {
    const r = list(
      ["  mail-from /newsletter/ <pattern-list>", "    rcpt-to /^stud/ virtual-mta=v2", "    * virtual-mta=v1", "  </pattern-list>", "  * virtual-mta=v2"].join("\n"),
    );
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([expect.objectContaining({ line: FIRST, col: 26, message: expect.stringContaining("conditional <pattern-list>") })]);
    expect(r.config?.patternLists[0].rules.map((x) => [x.field, x.virtualMta])).toEqual([
      ["mail-from", undefined],
      ["*", "v2"],
    ]);
    // A typo inside the nested list is still an error.
    expect(errors(list("  mail-from /n/ <pattern-list>\n    rcpt-too /x/ virtual-mta=v1\n  </pattern-list>"))[0]).toMatchObject({ line: FIRST + 1, col: 5 });
  });

  it("warns about a nested list that follows no rule", () => {
    const r = list("  <pattern-list>\n    * virtual-mta=v1\n  </pattern-list>");
    expect(warnings(r)).toEqual([expect.objectContaining({ line: FIRST, message: expect.stringContaining("<pattern-list> is a PowerMTA block Hermod does not act on yet") })]);
  });

  it("needs a unique name at the top level", () => {
    expect(errors(compileText("<pattern-list>\n</pattern-list>"))[0].message).toBe("<pattern-list> needs a name, e.g. <pattern-list by-sender>");
    expect(errors(compileText("<pattern-list a>\n</pattern-list>\n<pattern-list a>\n</pattern-list>"))[0]).toMatchObject({
      line: 3,
      message: "<pattern-list a> is already defined at /cfg/hermod.conf:1:1",
    });
  });
});

import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, exactlyAt as at, locAt as loc, warnings } from "./test-helpers";

const HOUR = 3_600_000;
const ACTION_HINT =
  "expected mode=backoff, mode=normal, backoff-to-normal-after=T, disable-source-ip, reenable-after=T, skip-mx, bounce-rcpt, bounce-queue or defer-queue";

const list = (body: string, name = "blocking") => compileText(`<smtp-pattern-list ${name}>\n${body}\n</smtp-pattern-list>`);

describe("<smtp-pattern-list>", () => {
  it("compiles reply rules in file order, each with its regex and actions", () => {
    const config = compileOk(
      [
        "<smtp-pattern-list Blocking>",
        "  reply /421 .* too many/ mode=backoff, backoff-to-normal-after=30m, defer-queue",
        "  reply /(?-i)RLY:B1/ disable-source-ip,reenable-after=1h",
        "  reply /5\\.7\\.1 .*spamhaus/ skip-mx",
        "  reply /^452/ bounce-rcpt",
        "  reply /domain gone/ bounce-queue",
        "  reply /http:\\/\\/x|a/b/ MODE=Normal # a comment",
        "</smtp-pattern-list>",
      ].join("\n"),
    );
    expect(config.smtpPatternLists).toEqual([
      {
        name: "Blocking",
        origin: loc(1, 1),
        rules: [
          { pattern: { source: "421 .* too many", flags: "i" }, action: { mode: "backoff", backoffToNormalAfter: HOUR / 2, deferQueue: true }, origin: loc(2, 3) },
          { pattern: { source: "RLY:B1", flags: "" }, action: { disableSourceIp: true, reenableAfter: HOUR }, origin: loc(3, 3) },
          { pattern: { source: "5\\.7\\.1 .*spamhaus", flags: "i" }, action: { skipMx: true }, origin: loc(4, 3) },
          { pattern: { source: "^452", flags: "i" }, action: { bounceRcpt: true }, origin: loc(5, 3) },
          { pattern: { source: "domain gone", flags: "i" }, action: { bounceQueue: true }, origin: loc(6, 3) },
          { pattern: { source: "http:\\/\\/x|a/b", flags: "i" }, action: { mode: "normal" }, origin: loc(7, 3) },
        ],
      },
    ]);
  });

  it("accepts backoff-to-normal-after= before mode=backoff, and an empty list", () => {
    const config = compileOk("<smtp-pattern-list a>\n  reply /x/ backoff-to-normal-after=1h, mode=backoff\n</smtp-pattern-list>\n<smtp-pattern-list b>\n</smtp-pattern-list>");
    expect(config.smtpPatternLists.map((l) => [l.name, l.rules.map((r) => r.action)])).toEqual([
      ["a", [{ backoffToNormalAfter: HOUR, mode: "backoff" }]],
      ["b", []],
    ]);
  });

  // Actions start at column 13 in "  reply /x/ …".
  it.each([
    ["mode=backof", 13, 'invalid mode "backof": expected mode=backoff or mode=normal'],
    ["mode", 13, "mode needs a value: mode=backoff or mode=normal"],
    ["mode=backoff,mode=normal", 26, "mode=backoff and mode=normal cannot be combined in one rule"],
    ["mode=backoff, mode=backoff", 27, "mode is already given in this rule (at column 13)"],
    ["skip-mx,bounce-queue", 21, "skip-mx and bounce-queue cannot be combined in one rule"],
    ["bounce-queue, skip-mx", 27, "skip-mx and bounce-queue cannot be combined in one rule"],
    ["reenable-after=1h, disable-source-ip", 13, "reenable-after= must follow disable-source-ip in the same rule"],
    ["disable-source-ip, reenable-after=1h, reenable-after=2h", 51, "reenable-after is already given in this rule (at column 32)"],
    ["disable-source-ip, reenable-after", 32, "reenable-after needs a value: reenable-after=1h"],
    ["disable-source-ip, reenable-after=0", 32, "reenable-after= must be greater than 0"],
    ["backoff-to-normal-after=1h", 13, "backoff-to-normal-after= needs mode=backoff in the same rule"],
    ["mode=normal, backoff-to-normal-after=1h", 26, "backoff-to-normal-after= needs mode=backoff in the same rule"],
    ["mode=backoff, backoff-to-normal-after=0", 27, "backoff-to-normal-after= must be greater than 0"],
    ["mode=backoff, backoff-to-normal-after=soon", 27, 'invalid time interval "soon": expected a number followed by w, d, h, m or s'],
    ["skip-mx=yes", 13, "skip-mx takes no value"],
    ["defer-queue, defer-queue", 26, "defer-queue is already given in this rule (at column 13)"],
    ["bogus-action", 13, `unknown smtp-pattern-list action "bogus-action": ${ACTION_HINT}`],
    ["mode=backoff, skipmx", 27, `unknown smtp-pattern-list action "skipmx" (did you mean "skip-mx"?): ${ACTION_HINT}`],
    ["mode=backoff,,defer-queue", 26, 'empty entry in the list "mode=backoff,,defer-queue"'],
  ])("reports reply /x/ %s at column %d", (actions, col, message) => {
    const r = list(`  reply /x/ ${actions}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });

  it.each([
    ["reply /x/", 12, `reply needs an action after the /REGEX/: ${ACTION_HINT}`],
    ["reply x mode=backoff", 9, 'reply expected /REGEX/, got "x mode=backoff"'],
    ["reply /x mode=backoff", 9, "reply unterminated regular expression: expected a closing /"],
    ["reply", 8, 'reply expected /REGEX/, got ""'],
    ["reply /x(/ mode=backoff", 9, "invalid regular expression /x(/: Unterminated group"],
    ["reply /\\Aabc/ mode=backoff", 10, "\\A is a PCRE escape JavaScript regexes do not support: write ^ instead"],
    ["reply /a(?i)b/ mode=backoff", 11, "inline flags such as (?i) are only supported as a leading (?-i) or (?i): JavaScript regexes have no inline flags"],
    ["mode=backoff", 3, "unknown directive `mode=backoff`: not a PowerMTA directive"],
    ["max-smtp-out 5", 3, "`max-smtp-out` is not valid in <smtp-pattern-list>; it belongs in <domain>, in <virtual-mta> or in <virtual-mta-pool>"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = list(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });

  it("keeps checking the rules after one is wrong", () => {
    const r = list("  reply /x/ mode=backof\n  reply /y/ skip-mx\n  reply /z/ bounce-rcpt=1");
    expect(errors(r).map((d) => [d.line, d.col])).toEqual([
      [2, 13],
      [4, 13],
    ]);
  });

  it("reports a bad or duplicate name at the block's argument, and a nested block", () => {
    expect(errors(list("  reply /x/ mode=backoff", "bad!name"))).toEqual([at(1, 20, 'invalid smtp-pattern-list name "bad!name": expected one word')]);
    const twice = compileText("<smtp-pattern-list a>\n</smtp-pattern-list>\n<smtp-pattern-list a>\n</smtp-pattern-list>");
    expect(errors(twice)).toEqual([at(3, 20, "<smtp-pattern-list a> is already defined at /cfg/hermod.conf:1:1")]);
    expect(errors(compileText("<smtp-pattern-list>\n</smtp-pattern-list>"))).toEqual([at(1, 1, "<smtp-pattern-list> needs an argument, e.g. <smtp-pattern-list NAME>")]);
    expect(errors(list("  <domain x>\n  </domain>"))).toEqual([
      at(2, 3, "<domain> is not allowed in <smtp-pattern-list>; it belongs at the top level, in <virtual-mta> or in <virtual-mta-pool>"),
    ]);
  });

  it("compiles without warnings", () => {
    expect(warnings(list("  reply /x/ mode=backoff"))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

const source = (body: string, arg = "10/8") => compileText(`<source ${arg}>\n${body}\n</source>`);

describe("<source>", () => {
  it("compiles every directive Hermod acts on", () => {
    const config = compileOk(
      [
        "<source 10/8>",
        "  always-allow-relaying yes",
        "  max-message-size 25M",
        "  max-rcpt-per-message 500",
        "  max-message-hops 30",
        "  smtp-service no",
        "</source>",
      ].join("\n"),
    );
    expect(config.sources).toEqual([
      {
        match: { kind: "cidr", cidr: "10.0.0.0/8" },
        settings: { alwaysAllowRelaying: true, maxMessageSize: 25 * 1024 * 1024, maxRcptPerMessage: 500, maxMessageHops: 30, smtpService: false },
        origin: { file: "/cfg/hermod.conf", line: 1, col: 1 },
      },
    ]);
  });

  it("accepts unlimited where PowerMTA does", () => {
    const config = compileOk("<source 0/0>\n  max-message-size unlimited\n  max-rcpt-per-message unlimited\n</source>");
    expect(config.sources[0].settings).toEqual({ maxMessageSize: 0, maxRcptPerMessage: 0 });
  });

  it("tells CIDR sources from named ones, including reserved names", () => {
    const config = compileOk(
      "<source 127.0.0.1>\n</source>\n<source ::1>\n</source>\n<source {auth}>\n</source>\n<source mta1>\n</source>\n<source {pmta-auth}>\n</source>",
    );
    expect(config.sources.map((s) => s.match)).toEqual([
      { kind: "cidr", cidr: "127.0.0.1/32" },
      { kind: "cidr", cidr: "::1/128" },
      { kind: "name", name: "{auth}" },
      { kind: "name", name: "mta1" },
      { kind: "name", name: "{pmta-auth}" },
    ]);
  });

  it("reports a bad CIDR at the argument", () => {
    const r = compileText("<source 10.0.0.0/40>\n</source>");
    expect(errors(r)).toEqual([expect.objectContaining({ line: 1, col: 9, message: 'invalid CIDR "10.0.0.0/40": an IPv4 prefix length is at most 32' })]);
    expect(errors(compileText("<source a b>\n</source>"))[0].message).toContain('invalid source "a b"');
  });

  it.each([
    ["always-allow-relaying maybe", 25, 'invalid boolean "maybe": expected yes, no, true or false'],
    ["max-message-size 25MB", 20, 'invalid size "25MB"'],
    ["max-message-hops 0", 20, 'max-message-hops must be at least 1 (got "0")'],
    ["max-rcpt-per-message lots", 24, 'invalid number "lots"'],
    ["smtp-service", 3, "smtp-service needs a value"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = source(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([expect.objectContaining({ line: 2, col, message: expect.stringContaining(message) })]);
  });

  it("warns about PowerMTA source directives Hermod does not act on", () => {
    const r = source("  process-x-virtual-mta yes\n  default-virtual-mta v1");
    expect(r.config).not.toBeNull();
    expect(warnings(r).map((w) => w.message)).toEqual([
      "`process-x-virtual-mta` is a PowerMTA directive Hermod does not act on yet; ignored",
      "`default-virtual-mta` is a PowerMTA directive Hermod does not act on yet; ignored",
    ]);
  });

  it("errors on directives that belong elsewhere, and on typos", () => {
    expect(errors(source("  smtp-hosts [1.2.3.4]"))[0].message).toBe("`smtp-hosts` is not valid in <source>; it belongs in <domain>");
    expect(errors(source("  always-allow-relayin yes"))[0].message).toContain("(did you mean `always-allow-relaying`?)");
  });

  it("warns when a setting is repeated in one block; the last one wins", () => {
    const r = source("  max-message-hops 10\n  max-message-hops 20");
    expect(warnings(r)[0]).toMatchObject({ line: 3, message: expect.stringContaining("already set in this block at /cfg/hermod.conf:2:3") });
    expect(r.config?.sources[0].settings.maxMessageHops).toBe(20);
  });
});

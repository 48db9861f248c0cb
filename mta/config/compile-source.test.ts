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
    const r = source("  allow-mailmerge yes\n  verp-default yes");
    expect(r.config).not.toBeNull();
    expect(warnings(r).map((w) => w.message)).toEqual([
      "`allow-mailmerge` is a PowerMTA directive Hermod does not act on yet; ignored",
      "`verp-default` is a PowerMTA directive Hermod does not act on yet; ignored",
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

describe("<source> VirtualMTA selection and header handling", () => {
  const VMTAS = "<virtual-mta v1>\n</virtual-mta>\n<virtual-mta-pool Pool>\n  virtual-mta v1\n</virtual-mta-pool>\n<pattern-list by-sender>\n</pattern-list>\n";

  it("compiles every new directive", () => {
    const config = compileOk(
      VMTAS +
        [
          "<source 10/8>",
          "  default-virtual-mta POOL",
          "  process-x-virtual-mta yes",
          "  retain-x-virtual-mta yes",
          "  process-x-job yes",
          "  retain-x-job yes",
          "  jobid-header X-Campaign-Id:",
          "  pattern-list by-sender",
          "  hide-message-source yes",
          "  add-received-header no",
          "  require-auth yes",
          "</source>",
        ].join("\n"),
    );
    expect(config.sources[0].settings).toEqual({
      defaultVirtualMta: "pool",
      processXVirtualMta: true,
      retainXVirtualMta: true,
      processXJob: true,
      retainXJob: true,
      jobIdHeader: "X-Campaign-Id",
      patternList: "by-sender",
      hideMessageSource: true,
      addReceivedHeader: false,
      requireAuth: true,
    });
  });

  it("requires default-virtual-mta to name a VirtualMTA or pool, and pattern-list a <pattern-list>", () => {
    const r = compileText(`${VMTAS}<source 0/0>\n  default-virtual-mta pol\n  pattern-list by-sendr\n</source>`);
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 9, col: 23, message: 'default-virtual-mta pol: no <virtual-mta pol> or <virtual-mta-pool pol> is defined (did you mean "pool"?)' }),
      expect.objectContaining({ line: 10, col: 16, message: 'pattern-list by-sendr: no <pattern-list by-sendr> is defined (did you mean "by-sender"?)' }),
    ]);
  });

  it("accepts definitions in any order (PowerMTA wants the pattern list first)", () => {
    expect(compileOk(`<source 0/0>\n  pattern-list by-sender\n  default-virtual-mta v1\n</source>\n${VMTAS}`).sources[0].settings).toEqual({
      patternList: "by-sender",
      defaultVirtualMta: "v1",
    });
  });

  it("warns about default-virtual-mta by-smtp-source-ip, and rejects malformed values", () => {
    const r = source("  default-virtual-mta by-smtp-source-ip");
    expect(errors(r)).toEqual([]);
    expect(warnings(r)[0]).toMatchObject({ line: 2, col: 23, message: expect.stringContaining("by-smtp-source-ip") });
    expect(errors(source("  jobid-header X Job"))[0]).toMatchObject({ col: 16, message: expect.stringContaining('invalid header name "X Job"') });
    expect(errors(source("  default-virtual-mta a/b"))[0]).toMatchObject({ col: 23, message: expect.stringContaining('invalid VirtualMTA name "a/b"') });
  });
});

describe("<source> suppression directives", () => {
  it("compiles suppression-lists and accept-invalid-recipients, and names the source a session resolves to", async () => {
    const { resolveSource } = await import("./resolve");
    const config = compileOk("<source 10/8>\n  suppression-lists optouts, Partner.List\n  accept-invalid-recipients yes\n</source>\n<source feeder>\n  suppression-lists other\n</source>");
    expect(config.sources[0].settings).toEqual({ suppressionLists: ["optouts", "Partner.List"], acceptInvalidRecipients: true });
    expect(resolveSource(config, "10.1.2.3")).toMatchObject({ sourceName: "10.0.0.0/8", suppressionLists: ["optouts", "Partner.List"], acceptInvalidRecipients: true });
    expect(resolveSource(config, "10.1.2.3", "feeder")).toMatchObject({ sourceName: "feeder", suppressionLists: ["other"] });
    expect(resolveSource(config, "192.0.2.1")).toMatchObject({ suppressionLists: [], acceptInvalidRecipients: false });
  });

  it("refuses a bad list name", () => {
    expect(errors(source("suppression-lists good, bad name!")).map((d) => d.message)).toEqual([expect.stringContaining('invalid suppression list name "bad name!"')]);
  });
});

import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, exactlyAt, warnings } from "./test-helpers";

const at = (line: number, col: number, message: string) => expect.objectContaining({ line, col, message: expect.stringContaining(message) });

describe("<virtual-mta>", () => {
  it("compiles source hosts (IPv4 and IPv6), host-name, max-smtp-out and nested <domain> blocks", () => {
    const config = compileOk(
      [
        "<virtual-mta Blue>",
        "  smtp-source-host 192.0.2.10 Out1.Example.net",
        "  smtp-source-host 2001:DB8::0:10 out1.example.net",
        "  host-name helo.example.net",
        "  max-smtp-out 50",
        "  <domain gmail.com>",
        "    max-smtp-out 4",
        "  </domain>",
        "</virtual-mta>",
      ].join("\n"),
    );
    expect(config.virtualMtas).toEqual([
      {
        name: "blue",
        sourceHosts: [
          { ip: "192.0.2.10", hostName: "out1.example.net" },
          { ip: "2001:db8::10", hostName: "out1.example.net" },
        ],
        hostName: "helo.example.net",
        maxSmtpOut: 50,
        maxSmtpMsgRate: null,
        coldVirtualMtas: [],
        domains: [{ pattern: "gmail.com", settings: { maxSmtpOut: 4 }, origin: { file: "/cfg/hermod.conf", line: 6, col: 3 } }],
        origin: { file: "/cfg/hermod.conf", line: 1, col: 1 },
      },
    ]);
    // Nested domain blocks stay with their VirtualMTA.
    expect(config.domains).toEqual([]);
  });

  it("names a source host without a HELO name after the VirtualMTA's host-name, else the global one", () => {
    const config = compileOk("host-name g.example\n<virtual-mta a>\n  smtp-source-host 192.0.2.1\n  host-name a.example\n</virtual-mta>\n<virtual-mta b>\n  smtp-source-host 192.0.2.2\n</virtual-mta>");
    expect(config.virtualMtas.map((v) => v.sourceHosts[0].hostName)).toEqual(["a.example", "g.example"]);
  });

  it("accepts a VirtualMTA with nothing in it (the OS picks the address) and uses domain macros inside", () => {
    const config = compileOk("domain-macro g gmail.com, googlemail.com\n<virtual-mta v>\n  <domain $g>\n    max-smtp-out 2\n  </domain>\n</virtual-mta>\n<virtual-mta empty>\n</virtual-mta>");
    expect(config.virtualMtas[0].domains.map((d) => [d.pattern, d.fromMacro])).toEqual([
      ["gmail.com", true],
      ["googlemail.com", true],
    ]);
    expect(config.virtualMtas[1]).toMatchObject({ name: "empty", sourceHosts: [], domains: [] });
  });

  it.each([
    ["smtp-source-host 192.0.2.300 a.example", 20, 'invalid smtp-source-host address "192.0.2.300"'],
    ["smtp-source-host mail.example a.example", 20, "expected an IPv4 or IPv6 address"],
    ["smtp-source-host 192.0.2.1 not_a host", 36, "smtp-source-host takes IP HOSTNAME"],
    ["smtp-source-host 192.0.2.1 bad..name", 30, 'invalid smtp-source-host name "bad..name"'],
    ["smtp-source-host", 3, "smtp-source-host takes IP HOSTNAME"],
    ["max-smtp-out 0", 16, 'max-smtp-out must be at least 1 (got "0")'],
    ["host-name two words", 13, 'invalid host-name "two words"'],
  ])("reports %j at column %d", (line, col, message) => {
    const r = compileText(`<virtual-mta v>\n  ${line}\n</virtual-mta>`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });

  it("warns about a source range, a repeated address, and VirtualMTA directives it does not act on (max-smtp-msg-rate is acted on)", () => {
    const r = compileText("<virtual-mta v>\n  smtp-source-host 192.0.2.0/29 a.example\n  smtp-source-host 192.0.2.9 a.example\n  smtp-source-host 192.0.2.9 a.example\n  max-smtp-msg-rate 10/s\n  include-headers-from yes\n</virtual-mta>");
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => [w.line, w.message.split(";")[0]])).toEqual([
      [2, "smtp-source-host with a range (192.0.2.0/29) is a PowerMTA feature Hermod does not act on yet"],
      [4, "smtp-source-host 192.0.2.9 is already listed in this VirtualMTA"],
      [6, "`include-headers-from` is a PowerMTA directive Hermod does not act on yet"],
    ]);
  });

  it("rejects an invalid or duplicate name", () => {
    expect(errors(compileText("<virtual-mta a/b>\n</virtual-mta>"))[0]).toMatchObject({ col: 14, message: expect.stringContaining('invalid VirtualMTA name "a/b"') });
    const dup = compileText("<virtual-mta v1>\n</virtual-mta>\n<virtual-mta V1>\n</virtual-mta>");
    expect(errors(dup)).toEqual([at(3, 14, "<virtual-mta v1> is already defined at /cfg/hermod.conf:1:1")]);
  });
});

describe("<virtual-mta-pool>", () => {
  const vmtas = "<virtual-mta a>\n</virtual-mta>\n<virtual-mta b>\n</virtual-mta>\n";

  it("compiles members in order and nested <domain> blocks", () => {
    const config = compileOk(`${vmtas}<virtual-mta-pool Pool1>\n  virtual-mta B\n  virtual-mta a\n  <domain *>\n    max-smtp-out 3\n  </domain>\n</virtual-mta-pool>`);
    expect(config.pools).toEqual([
      {
        name: "pool1",
        members: ["b", "a"],
        maxSmtpMsgRate: null,
        coldVirtualMtas: [],
        domains: [{ pattern: "*", settings: { maxSmtpOut: 3 }, origin: { file: "/cfg/hermod.conf", line: 8, col: 3 } }],
        origin: { file: "/cfg/hermod.conf", line: 5, col: 1 },
      },
    ]);
  });

  it("accepts members defined after the pool", () => {
    expect(compileOk(`<virtual-mta-pool p>\n  virtual-mta a\n</virtual-mta-pool>\n${vmtas}`).pools[0].members).toEqual(["a"]);
  });

  it("reports a missing member by name, with a suggestion, at the member line", () => {
    const r = compileText(`${vmtas}<virtual-mta-pool p>\n  virtual-mta a\n  virtual-mta c\n</virtual-mta-pool>`);
    expect(errors(r)).toEqual([at(7, 15, 'virtual-mta c: no <virtual-mta c> is defined (did you mean "a"?)')]);
  });

  it("rejects a pool as a member of a pool", () => {
    const r = compileText(`${vmtas}<virtual-mta-pool inner>\n  virtual-mta a\n</virtual-mta-pool>\n<virtual-mta-pool outer>\n  virtual-mta inner\n</virtual-mta-pool>`);
    expect(errors(r)).toEqual([at(9, 15, "\"inner\" is a <virtual-mta-pool>; a pool's members must be VirtualMTAs")]);
  });

  it("shares one namespace with VirtualMTAs", () => {
    const r = compileText(`${vmtas}<virtual-mta-pool A>\n  virtual-mta b\n</virtual-mta-pool>`);
    expect(errors(r)).toEqual([at(5, 19, "<virtual-mta a> is already defined at /cfg/hermod.conf:1:1; VirtualMTAs and pools share one namespace")]);
  });

  it("warns about a repeated member, an empty pool and pool directives it does not act on", () => {
    const r = compileText(`${vmtas}<virtual-mta-pool p>\n  virtual-mta a\n  virtual-mta a\n  max-smtp-out 10\n</virtual-mta-pool>\n<virtual-mta-pool empty>\n</virtual-mta-pool>`);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => w.line)).toEqual([7, 8, 10]);
    expect(r.config?.pools[0].members).toEqual(["a"]);
  });

  it("rejects a VirtualMTA in two pools that both have <domain> blocks (UG5.0 §3.3.13.2)", () => {
    const pool = (name: string, domain: boolean) =>
      `<virtual-mta-pool ${name}>\n  virtual-mta a\n${domain ? "  <domain *>\n    max-smtp-out 1\n  </domain>\n" : ""}</virtual-mta-pool>\n`;
    expect(errors(compileText(vmtas + pool("p1", true) + pool("p2", false)))).toEqual([]);
    const r = compileText(vmtas + pool("p1", true) + pool("p2", true));
    expect(errors(r)).toEqual([at(12, 15, "VirtualMTA a is in <virtual-mta-pool p1> and <virtual-mta-pool p2>, which both have <domain> blocks")]);
  });
});

describe("max-smtp-msg-rate and cold-virtual-mta (VirtualMTA and pool)", () => {
  const colds = "<virtual-mta cold1>\n</virtual-mta>\n<virtual-mta cold2>\n</virtual-mta>\n";

  it("compiles both in a VirtualMTA and in a pool; cold VirtualMTAs lower-cased, in file order, defined anywhere", () => {
    const config = compileOk(
      `<virtual-mta warm>\n  max-smtp-msg-rate 100/h\n  cold-virtual-mta Cold2\n  cold-virtual-mta cold1\n</virtual-mta>\n${colds}` +
        "<virtual-mta-pool p>\n  virtual-mta warm\n  max-smtp-msg-rate 1000/10m\n  cold-virtual-mta cold1\n</virtual-mta-pool>",
    );
    expect(config.virtualMtas.map((v) => [v.name, v.maxSmtpMsgRate, v.coldVirtualMtas])).toEqual([
      ["warm", { count: 100, perMs: 3_600_000 }, ["cold2", "cold1"]],
      ["cold1", null, []],
      ["cold2", null, []],
    ]);
    expect(config.pools.map((p) => [p.name, p.maxSmtpMsgRate, p.coldVirtualMtas])).toEqual([["p", { count: 1000, perMs: 600_000 }, ["cold1"]]]);
  });

  it("reads unlimited as no cap, and warns about a repeated cold VirtualMTA or rate", () => {
    const r = compileText(`${colds}<virtual-mta v>\n  max-smtp-msg-rate 10/h\n  max-smtp-msg-rate unlimited\n  cold-virtual-mta cold1\n  cold-virtual-mta COLD1\n</virtual-mta>`);
    expect(warnings(r)).toEqual([
      exactlyAt(7, 3, "`max-smtp-msg-rate` is already set in this block at /cfg/hermod.conf:6:3; the last one wins"),
      exactlyAt(9, 3, "cold-virtual-mta cold1 is already listed (at /cfg/hermod.conf:8:20); ignored"),
    ]);
    expect(r.config?.virtualMtas[2]).toMatchObject({ name: "v", maxSmtpMsgRate: null, coldVirtualMtas: ["cold1"] });
  });

  it.each([
    ["virtual-mta", "max-smtp-msg-rate 10/x", 24, 'invalid rate "10/x": expected N/[M]unit with unit s, sec, m, min, h, hr, d or day (e.g. "100/h", "83/10m"), or "unlimited"'],
    ["virtual-mta-pool", "max-smtp-msg-rate 5", 21, 'invalid rate "5": expected N/[M]unit with unit s, sec, m, min, h, hr, d or day (e.g. "100/h", "83/10m"), or "unlimited"'],
    ["virtual-mta", "cold-virtual-mta bad!", 20, 'invalid VirtualMTA name "bad!": use letters, digits, ".", "_" and "-"'],
    ["virtual-mta", "cold-virtual-mta nope", 20, "cold-virtual-mta nope: no <virtual-mta nope> is defined"],
    ["virtual-mta", "cold-virtual-mta cold3", 20, 'cold-virtual-mta cold3: no <virtual-mta cold3> is defined (did you mean "cold1"?)'],
    ["virtual-mta", "cold-virtual-mta V", 20, "cold-virtual-mta v: v cannot be its own cold VirtualMTA"],
    ["virtual-mta-pool", "cold-virtual-mta v", 20, "cold-virtual-mta v: v cannot be its own cold VirtualMTA"],
    ["virtual-mta", "cold-virtual-mta pool", 20, 'cold-virtual-mta pool: "pool" is a <virtual-mta-pool>; cold-virtual-mta must name a VirtualMTA'],
  ])("in <%s>, reports %j at column %d", (tag, line, col, message) => {
    const r = compileText(`<${tag} v>\n  ${line}\n</${tag}>\n${colds}<virtual-mta m>\n</virtual-mta>\n<virtual-mta-pool pool>\n  virtual-mta m\n</virtual-mta-pool>`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([exactlyAt(2, col, message)]);
  });
});

import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, exactlyAt as at, locAt as loc, warnings } from "./test-helpers";

const USAGE = "mx takes MX-PATTERN NAME.rollup [rollup-by-ip], e.g. mx *.mail.protection.outlook.com outlook.rollup";
const NOT_A_HOST = "expected a host name or a wildcard such as *.hotmail.com";

const rollups = (body: string) => compileText(`<mx-rollup-list>\n${body}\n</mx-rollup-list>`);
const needsHosts = (name: string) =>
  `${name} rolls up a wildcard MX pattern, so Hermod cannot tell where to deliver it: ` +
  `set smtp-hosts in <domain ${name}>, or add rollup-by-ip to route each domain to its own MX hosts (UG5.0 §10.17)`;

describe("<mx-rollup-list>", () => {
  it("compiles mx rules of every block in file order, lower-cased, with rollup-by-ip", () => {
    const config = compileOk(
      [
        "<mx-rollup-list>",
        "  mx MX1.Hotmail.com hotmail.rollup",
        "  mx *.Google.com Gmail.Rollup rollup-by-ip",
        "</mx-rollup-list>",
        "<mx-rollup-list>",
        "  mx [*.]yahoodns.net yahoo.rollup ROLLUP-BY-IP",
        "</mx-rollup-list>",
      ].join("\n"),
    );
    expect(config.mxRollups).toEqual([
      { mxPattern: "mx1.hotmail.com", name: "hotmail.rollup", byIp: false, origin: loc(2, 3) },
      { mxPattern: "*.google.com", name: "gmail.rollup", byIp: true, origin: loc(3, 3) },
      { mxPattern: "[*.]yahoodns.net", name: "yahoo.rollup", byIp: true, origin: loc(6, 3) },
    ]);
  });

  it("warns once per rollup queue when a wildcard rule has no smtp-hosts to deliver to", () => {
    const r = rollups("  mx *.x.com x.rollup\n  mx *.y.com x.rollup\n  mx *.z.com z.rollup rollup-by-ip\n  mx mx.w.com w.rollup");
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([at(2, 3, needsHosts("x.rollup"))]);
    expect(r.config?.mxRollups.map((m) => m.name)).toEqual(["x.rollup", "x.rollup", "z.rollup", "w.rollup"]);
  });

  it("does not warn when the rollup queue's <domain> (or <domain *>) has smtp-hosts", () => {
    expect(compileText("<mx-rollup-list>\n  mx *.outlook.com outlook.rollup\n</mx-rollup-list>\n<domain Outlook.Rollup>\n  smtp-hosts mx.outlook.com\n</domain>").diagnostics).toEqual([]);
    expect(compileText("<domain *>\n  smtp-hosts relay.example\n</domain>\n<mx-rollup-list>\n  mx *.outlook.com outlook.rollup\n</mx-rollup-list>").diagnostics).toEqual([]);
  });

  it("ignores a repeated rule with a warning, and refuses the same MX rolled up into two queues", () => {
    const same = rollups("  mx a.example a.rollup\n  mx A.example a.rollup");
    expect(warnings(same)).toEqual([at(3, 3, "mx a.example a.rollup is already listed at /cfg/hermod.conf:2:3; ignored")]);
    expect(same.config?.mxRollups).toHaveLength(1);
    const clash = compileText("<mx-rollup-list>\n  mx a.example a.rollup\n</mx-rollup-list>\n<mx-rollup-list>\n  mx a.example b.rollup\n</mx-rollup-list>");
    expect(errors(clash)).toEqual([at(5, 6, "MX a.example is already rolled up into a.rollup at /cfg/hermod.conf:2:3")]);
  });

  it("warns that the list takes no name", () => {
    const r = compileText("<mx-rollup-list outlook>\n  mx a.example a.rollup\n</mx-rollup-list>");
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: "warning", line: 1, col: 17, message: '<mx-rollup-list> takes no name; "outlook" is ignored' })]);
    expect(r.config?.mxRollups).toHaveLength(1);
  });

  it.each([
    ["mx mx1.hotmail.com hotmail", 22, 'invalid rollup queue name "hotmail": PowerMTA requires a name ending in .rollup, e.g. hotmail.rollup'],
    ["mx mx1.hotmail.com rollup", 22, 'invalid rollup queue name "rollup": PowerMTA requires a name ending in .rollup, e.g. hotmail.rollup'],
    ["mx mx1.hotmail.com hotmail.rollup.net", 22, 'invalid rollup queue name "hotmail.rollup.net": PowerMTA requires a name ending in .rollup, e.g. hotmail.rollup'],
    ["mx mx1.hotmail.com .rollup", 22, 'invalid rollup queue name ".rollup": expected a domain-style name ending in .rollup, e.g. hotmail.rollup'],
    ["mx mx1.hotmail.com bad..rollup", 22, 'invalid rollup queue name "bad..rollup": expected a domain-style name ending in .rollup, e.g. hotmail.rollup'],
    ["mx mx1.hotmail.com", 6, USAGE],
    ["mx", 5, USAGE],
    ["mx mx1.hotmail.com hotmail.rollup by-ip", 37, `unexpected "by-ip": ${USAGE}`],
    ["mx mx1.hotmail.com hotmail.rollup rollup-by-ip extra", 50, `unexpected "extra": ${USAGE}`],
    ["mx * any.rollup", 6, `invalid MX pattern "*": ${NOT_A_HOST}`],
    ["mx [192.0.2.1] ip.rollup", 6, `invalid MX pattern "[192.0.2.1]": ${NOT_A_HOST}`],
    ["mx {bounce} x.rollup", 6, `invalid MX pattern "{bounce}": ${NOT_A_HOST}`],
    ["mx bad..host x.rollup", 6, 'invalid domain pattern "bad..host": "bad..host" is not a domain name'],
    ["mx *.*.com x.rollup", 6, 'invalid domain pattern "*.*.com": "*" is only allowed as "*", "*.domain" or "[*.]domain"'],
    ["max-smtp-out 4", 3, "`max-smtp-out` is not valid in <mx-rollup-list>; it belongs in <domain>, in <virtual-mta> or in <virtual-mta-pool>"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = rollups(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });
});

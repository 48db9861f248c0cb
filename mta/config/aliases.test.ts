import { describe, expect, it } from "vitest";
import { DIRECTIVE_ALIASES } from "./aliases";
import { compileOk, compileText, errors, warnings } from "./test-helpers";
import { DIRECTIVES } from "./vocabulary";

describe("directive aliases from configs pasted from articles", () => {
  it("imports the article's hotmail.com block with warnings only, each naming the PowerMTA directive", () => {
    const r = compileText(
      [
        "<domain hotmail.com>",
        "    vmta hotmail-vmta",
        "    max-smtp-out 5",
        "    use-starttls yes",
        "    require-tls no",
        "    helo-host mx.hotmail.com",
        "</domain>",
      ].join("\n"),
    );
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => [w.line, w.col])).toEqual([
      [2, 5],
      [5, 5],
      [6, 5],
    ]);
    const [vmta, tls, helo] = warnings(r).map((w) => w.message);
    expect(vmta).toContain("`vmta` is not a PowerMTA directive; not acted on.");
    expect(vmta).toContain("`default-virtual-mta`");
    expect(vmta).toContain("`reroute-to-virtual-mta`");
    expect(tls).toBe("`require-tls` is not a PowerMTA directive; read as `require-starttls`, which is what to write instead");
    expect(helo).toContain("`helo-host` is not a PowerMTA directive; not acted on.");
    expect(helo).toContain("`host-name`");
    // What is acted on: the real directives and the applied alias. The VirtualMTA is not selected.
    expect(r.config?.domains[0].settings).toEqual({ maxSmtpOut: 5, useStarttls: true, requireStarttls: false });
  });

  it("applies helo-host as host-name where PowerMTA has a host-name", () => {
    const r = compileText("helo-host mta.example.net\n<virtual-mta v>\n  helo-host v.example.net\n</virtual-mta>");
    expect(errors(r)).toEqual([]);
    expect(r.config).toMatchObject({ hostName: "mta.example.net", virtualMtas: [{ name: "v", hostName: "v.example.net" }] });
    expect(warnings(r).map((w) => w.message)).toEqual([
      "`helo-host` is not a PowerMTA directive; read as `host-name`, which is what to write instead",
      "`helo-host` is not a PowerMTA directive; read as `host-name`, which is what to write instead",
    ]);
  });

  it("checks the value of an applied alias like the directive it stands for", () => {
    expect(errors(compileText("<domain *>\n  require-tls maybe\n</domain>"))[0]).toMatchObject({ line: 2, col: 15, message: expect.stringContaining('invalid boolean "maybe"') });
  });

  it("is still an error outside the blocks where the alias is known", () => {
    expect(errors(compileText("<source 0/0>\n  vmta x\n</source>"))[0].message).toContain("unknown directive `vmta`");
  });

  it("does not report an alias inside a block Hermod ignores", () => {
    expect(errors(compileText("<domain {bounce}>\n  require-tls yes\n</domain>"))).toEqual([]);
  });

  it("never shadows a real PowerMTA directive, and always names a real one", () => {
    for (const [alias, places] of DIRECTIVE_ALIASES) {
      expect(DIRECTIVES.has(alias), alias).toBe(false);
      for (const [context, { canonical }] of places) expect(DIRECTIVES.get(canonical)?.size, `${alias} in ${context}`).toBeGreaterThan(0);
    }
    expect(compileOk("<domain *>\n  require-starttls yes\n</domain>").domains[0].settings).toEqual({ requireStarttls: true });
  });
});

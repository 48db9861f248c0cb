import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ConfigNode } from "./ast";
import { Diagnostics } from "./diagnostics";
import { expandIncludes } from "./include";
import { compileConfigText, loadConfigFile } from "./load";
import { nodeConfigFs } from "./node-fs";
import { parse } from "./parser";
import { printConfig } from "./printer";
import { errors, withoutOrigins } from "./test-helpers";

/** The tree without locations: what printing must preserve. */
function shape(nodes: readonly ConfigNode[]): unknown[] {
  return nodes.map((n) =>
    n.type === "block" ? { tag: n.tag, arg: n.arg, children: shape(n.children) } : { name: n.name, value: n.value, quoted: n.quoted },
  );
}

describe("printConfig", () => {
  it("prints what parses back to the same tree, without comments", () => {
    const text = [
      'host-name a.example   # comment',
      "<source 10/8>",
      "  smtp-service",
      '  jobid-header "X-Job"',
      "</source>",
      "<pattern-list p>",
      "  mail-from /a b/ <pattern-list>",
      "    * virtual-mta=v",
      "  </pattern-list>",
      "</pattern-list>",
      '<acct-file "|/usr/bin/logger -t x">',
      "</acct-file>",
    ].join("\n");
    const printed = printConfig(parse(text, "f").nodes);
    expect(printed).toBe(
      [
        "host-name a.example",
        "<source 10/8>",
        "    smtp-service",
        '    jobid-header "X-Job"',
        "</source>",
        "<pattern-list p>",
        "    mail-from /a b/ <pattern-list>",
        "        * virtual-mta=v",
        "    </pattern-list>",
        "</pattern-list>",
        "<acct-file |/usr/bin/logger -t x>",
        "</acct-file>",
        "",
      ].join("\n"),
    );
    expect(shape(parse(printed, "f").nodes)).toEqual(shape(parse(text, "f").nodes));
  });

  it("prints an empty tree as an empty file, and honours the indentation option", () => {
    expect(printConfig([])).toBe("");
    expect(printConfig(parse("<domain *>\nmax-smtp-out 2\n</domain>", "f").nodes, { indent: "\t" })).toBe("<domain *>\n\tmax-smtp-out 2\n</domain>\n");
  });

  it.each(["roundtrip/hermod.conf", "realistic/hermod.conf", "realistic-150.conf"])(
    "%s: printing the include-expanded tree compiles to the same config",
    async (name) => {
      const main = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
      const original = await loadConfigFile(main, { defaultHostName: () => "mta.test" });
      const diags = new Diagnostics();
      const nodes = expandIncludes(parse(readFileSync(main, "utf8"), main).nodes, { path: main, real: main }, {
        fs: nodeConfigFs,
        rootDir: dirname(main),
        realRoot: dirname(main),
        diags,
      });
      const printed = printConfig(nodes, { baseDir: dirname(main) });
      const again = compileConfigText(printed, { file: main, defaultHostName: () => "mta.test" });
      expect(errors(again)).toEqual([]);
      expect(withoutOrigins(again.config)).toEqual(withoutOrigins(original.config));
    },
  );
});

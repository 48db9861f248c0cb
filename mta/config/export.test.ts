import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exportConfig } from "./export";
import { compileConfigText, loadConfigFile } from "./load";
import { createMemoryFs } from "./memory-fs";
import type { CompileResult } from "./types";
import { errors, MAIN, warnings, withoutOrigins } from "./test-helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const hostName = () => "mta.test";

/** Exports the fixture, compiles the export as if saved in place of the main file, and returns both compiles. */
async function roundTrip(main: string): Promise<{ original: CompileResult; exported: CompileResult; text: string }> {
  const original = await loadConfigFile(main, { defaultHostName: hostName });
  const result = exportConfig(readFileSync(main, "utf8"), { file: main });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const exported = compileConfigText(result.text!, { file: main, defaultHostName: hostName, readFile: (p) => {
    // DKIM key files are still read; included config files must all be inlined.
    if (p.endsWith(".pem") && p.includes("/dkim/")) return readFileSync(p, "utf8");
    throw Object.assign(new Error("no includes left"), { code: "ENOENT" });
  } });
  return { original, exported, text: result.text! };
}

const messages = (r: CompileResult) => warnings(r).map((w) => w.message).sort();

describe("exportConfig", () => {
  it.each(["roundtrip/hermod.conf", "realistic/hermod.conf", "realistic-150.conf"])(
    "%s: compiling the export gives the same config as compiling the original",
    async (name) => {
      const { original, exported } = await roundTrip(fixture(name));
      expect(errors(original)).toEqual([]);
      expect(errors(exported)).toEqual([]);
      expect(withoutOrigins(exported.config)).toEqual(withoutOrigins(original.config));
      // Blocks and directives Hermod only warns about are carried over, not dropped.
      expect(messages(exported)).toEqual(messages(original));
    },
  );

  it("covers every block type PowerMTA has in the round-trip fixture", async () => {
    const { text } = await roundTrip(fixture("roundtrip/hermod.conf"));
    const tags = new Set([...text.matchAll(/^\s*(?:\S.*\s)?<([a-z-]+)[\s>]/gm)].map((m) => m[1]));
    for (const tag of `domain source virtual-mta virtual-mta-pool pattern-list smtp-pattern-list acct-file spool smtp-user
      source-group address-list bounce-processor feedback-loop-processor email-patterns bounce-category-patterns
      mx-rollup-list rewrite-list domain-key-list dns smtp-listener transmissions-api transmissions-api-listener
      proxy signals signals-filter aliases vault`.split(/\s+/)) {
      expect(tags, tag).toContain(tag);
    }
  });

  it("keeps comments, frames each inlined file, indents it like its include, and keeps macros", async () => {
    const { text } = await roundTrip(fixture("roundtrip/hermod.conf"));
    expect(text).toContain("# Round-trip fixture: every block type");
    expect(text).toContain("# include conf.d/*.conf (inlined below)\n# >>> conf.d/10-vmtas.conf\n<virtual-mta blue>");
    expect(text).toContain("    # >>> limits/default-limits.inc\n    retry-after 5m, 30m      # spliced inside <domain *>\n");
    expect(text).toContain("<domain $isp.com>");
    expect(text).not.toMatch(/^\s*include /m);
  });

  it("rebases relative paths Hermod reads from included files in other directories", async () => {
    const { text, exported } = await roundTrip(fixture("roundtrip/hermod.conf"));
    expect(text).toContain("smtp-server-tls-certificate tls/certs/server.pem");
    expect(text).toContain("<acct-file conf.d/logs/diag.csv>");
    const dir = dirname(fixture("roundtrip/hermod.conf"));
    expect(exported.config?.tlsCertificate?.file).toBe(`${dir}/tls/certs/server.pem`);
    expect(exported.config?.acctFiles.map((a) => a.path)).toContain(`${dir}/conf.d/logs/diag.csv`);
  });

  it("quotes a rebased path that now contains a space, and handles BOM and CRLF in included files", () => {
    const fs = createMemoryFs({
      [MAIN]: "include my dir/tls.conf\ninclude win.conf\n",
      "/cfg/my dir/tls.conf": "smtp-server-tls-certificate server.pem secret\n",
      "/cfg/win.conf": "\ufeff<domain *>\r\n    max-smtp-out 3\r\n</domain>\r\n",
    });
    const opts = { file: MAIN, rootDir: "/cfg", readFile: fs.readFile, realpath: fs.realpath, defaultHostName: hostName };
    const result = exportConfig(fs.readFile(MAIN), opts);
    expect(result.text).toContain('smtp-server-tls-certificate "my dir/server.pem" secret\n');
    expect(result.text).toContain("# >>> win.conf\n<domain *>\n    max-smtp-out 3\n</domain>\n# <<< win.conf\n");
    const again = compileConfigText(result.text!, opts);
    expect(withoutOrigins(again.config)).toEqual(withoutOrigins(compileConfigText(fs.readFile(MAIN), opts).config));
  });

  it("refuses (text null) when an include cannot be read or loops, with the same diagnostics as compiling", () => {
    const fs = createMemoryFs({ [MAIN]: "include a.conf\ninclude missing.conf\n", "/cfg/a.conf": "include hermod.conf\n" });
    const opts = { file: MAIN, rootDir: "/cfg", readFile: fs.readFile, realpath: fs.realpath };
    const result = exportConfig(fs.readFile(MAIN), opts);
    expect(result.text).toBeNull();
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'cannot include "missing.conf": not found',
      "include cycle: hermod.conf → a.conf → hermod.conf",
    ]);
    expect(compileConfigText(fs.readFile(MAIN), opts).diagnostics.map((d) => d.message)).toEqual(result.diagnostics.map((d) => d.message));
  });

  it("returns a file without includes unchanged", () => {
    const text = "# just one file\n<domain *>\n    max-smtp-out 2   # two\n</domain>\n";
    expect(exportConfig(text, { file: MAIN, readFile: () => "" })).toEqual({ text, diagnostics: [] });
  });
});

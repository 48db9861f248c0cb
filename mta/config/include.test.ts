import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileConfigText, loadConfigFile } from "./load";
import { createMemoryFs } from "./memory-fs";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

const SECRET = "root:x:0:0:SECRET-CONTENT";

describe("include", () => {
  it("splices a file in place, relative to the including file, at top level and inside blocks", () => {
    const config = compileOk(
      "include sub/sources.conf\n<domain *>\n  include sub/domain-defaults.conf\n</domain>",
      {
        "/cfg/sub/sources.conf": "<source 10/8>\n  always-allow-relaying yes\n</source>\ninclude more.conf",
        "/cfg/sub/more.conf": "host-name included.example",
        "/cfg/sub/domain-defaults.conf": "max-smtp-out 7",
      },
    );
    expect(config.sources[0]).toMatchObject({ match: { cidr: "10.0.0.0/8" }, origin: { file: "/cfg/sub/sources.conf", line: 1 } });
    expect(config.hostName).toBe("included.example");
    expect(config.domains[0].settings.maxSmtpOut).toBe(7);
  });

  it("reports errors inside an included file with that file's name and line", () => {
    const r = compileText("include a.conf", { "/cfg/a.conf": "\n\nmax-smtp-outt 3" });
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ file: "/cfg/a.conf", line: 3, col: 1 });
    expect(r.config).toBeNull();
  });

  it("accepts absolute paths that stay inside the root", () => {
    expect(compileOk("include /cfg/x/y.conf", { "/cfg/x/y.conf": "host-name y.example" }).hostName).toBe("y.example");
  });

  it.each([
    ["include ../etc/passwd", "/etc/passwd"],
    ["include sub/../../etc/passwd", "/etc/passwd"],
    ["include /etc/passwd", "/etc/passwd"],
  ])("rejects %s without reading it", (line, target) => {
    const r = compileText(line, { [target]: SECRET });
    expect(r.config).toBeNull();
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ file: "/cfg/hermod.conf", line: 1, col: 9 });
    expect(errors(r)[0].message).toContain("is outside the configuration directory /cfg");
    expect(r.reads).not.toContain(target);
    expect(JSON.stringify(r.diagnostics)).not.toContain("SECRET");
  });

  it("rejects a symbolic link that leads outside the root, without reading the target", () => {
    const r = compileText("include link.conf", { "/etc/shadow": SECRET }, { "/cfg/link.conf": "/etc/shadow" });
    expect(errors(r)[0].message).toContain("a symbolic link leads out of it");
    expect(r.reads).not.toContain("/etc/shadow");
    expect(JSON.stringify(r.diagnostics)).not.toContain("SECRET");
  });

  it("rejects a symlinked directory that leads outside the root", () => {
    const r = compileText("include d/x.conf", { "/outside/x.conf": "host-name evil.example" }, { "/cfg/d": "/outside" });
    expect(errors(r)[0].message).toContain("outside the configuration directory");
    expect(r.config).toBeNull();
  });

  it("checks the path as written too, not only after resolving links", () => {
    // The root is reached through a link (/link → /cfg); /cfg/x.conf is inside it on disk, but the
    // include names a path outside the root as given, so it is refused without being read.
    const fs = createMemoryFs({ "/cfg/hermod.conf": "include /cfg/x.conf", "/cfg/x.conf": "host-name x.example" }, { "/link": "/cfg" });
    const r = compileConfigText("include /cfg/x.conf", { file: "/link/hermod.conf", rootDir: "/link", ...fs });
    expect(r.diagnostics[0].message).toBe('include "/cfg/x.conf" is outside the configuration directory /link; only files under it can be included');
    expect(fs.reads).toEqual([]);
  });

  it("follows symbolic links that stay inside the root", () => {
    const r = compileText("include link.conf", { "/cfg/real/x.conf": "host-name linked.example" }, { "/cfg/link.conf": "/cfg/real/x.conf" });
    expect(errors(r)).toEqual([]);
    expect(r.config?.hostName).toBe("linked.example");
  });

  it("rejects NUL bytes, URLs and empty names", () => {
    expect(errors(compileText("include a\0b.conf"))[0].message).toBe("include file name contains a NUL byte");
    expect(errors(compileText("include https://example.com/x.conf"))[0].message).toContain("URL is not supported");
    expect(errors(compileText("include"))[0].message).toBe("include needs a file name");
  });

  it("reports a missing file as a diagnostic", () => {
    const r = compileText("\ninclude nope.conf");
    expect(errors(r)).toEqual([expect.objectContaining({ line: 2, col: 9, message: 'cannot include "nope.conf": not found' })]);
  });

  it("detects include cycles, including self-includes", () => {
    const r = compileText("include a.conf", { "/cfg/a.conf": "include b.conf", "/cfg/b.conf": "include a.conf" });
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ file: "/cfg/b.conf", line: 1, col: 9 });
    expect(errors(r)[0].message).toBe("include cycle: a.conf → b.conf → a.conf");
    const self = compileText("include hermod.conf");
    expect(errors(self)[0].message).toBe("include cycle: hermod.conf → hermod.conf");
  });

  it("allows the same file twice when it is not a cycle", () => {
    const config = compileOk("include s.conf\ninclude s.conf", { "/cfg/s.conf": "<source 10/8>\n  smtp-service no\n</source>" });
    expect(config.sources).toHaveLength(2);
  });

  it("expands wildcards in the file name in name order and warns when nothing matches", () => {
    const r = compileText("include conf.d/*.conf\ninclude empty/*.conf", {
      "/cfg/conf.d/b.conf": "<domain b.example>\n</domain>",
      "/cfg/conf.d/a.conf": "<domain a.example>\n</domain>",
      "/cfg/conf.d/notes.txt": "garbage here",
      "/cfg/empty/readme": "",
    });
    expect(errors(r)).toEqual([]);
    expect(r.config?.domains.map((d) => d.pattern)).toEqual(["a.example", "b.example"]);
    expect(warnings(r)[0]).toMatchObject({ line: 2, message: 'include "empty/*.conf" matches no files' });
  });

  it("keeps wildcard matches confined", () => {
    const r = compileText("include d/*.conf", { "/etc/x.conf": SECRET }, { "/cfg/d/x.conf": "/etc/x.conf" });
    expect(errors(r)[0].message).toContain("outside the configuration directory");
    expect(r.reads).not.toContain("/etc/x.conf");
    expect(errors(compileText("include ../*/x.conf"))[0].message).toContain("only supported in the file name");
  });
});

describe("include on disk (node:fs)", () => {
  const dir = mkdtempSync(join(tmpdir(), "hermod-include-"));
  const root = join(dir, "etc");
  mkdirSync(join(root, "conf.d"), { recursive: true });
  writeFileSync(join(dir, "secret.txt"), SECRET);
  writeFileSync(join(root, "conf.d", "ok.conf"), "host-name disk.example\n");
  symlinkSync(join(dir, "secret.txt"), join(root, "escape.conf"));
  symlinkSync(join(root, "conf.d", "ok.conf"), join(root, "inside.conf"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("follows links inside the root and refuses links that leave it", async () => {
    writeFileSync(join(root, "main.conf"), "include inside.conf\n");
    const good = await loadConfigFile(join(root, "main.conf"));
    expect(good.diagnostics).toEqual([]);
    expect(good.config?.hostName).toBe("disk.example");

    writeFileSync(join(root, "bad.conf"), "include escape.conf\n");
    const bad = await loadConfigFile(join(root, "bad.conf"));
    expect(bad.config).toBeNull();
    expect(bad.diagnostics[0].message).toContain("a symbolic link leads out of it");
    expect(JSON.stringify(bad.diagnostics)).not.toContain("SECRET");
  });

  it("expands wildcards from the real directory", async () => {
    writeFileSync(join(root, "glob.conf"), "include conf.d/*.conf\n");
    const r = await loadConfigFile(join(root, "glob.conf"));
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.hostName).toBe("disk.example");
  });
});

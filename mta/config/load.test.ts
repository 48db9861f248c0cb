import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics";
import { compileConfigText, loadConfigFile } from "./load";
import { createMemoryFs } from "./memory-fs";

describe("formatDiagnostic", () => {
  it("prints FILE:LINE:COL: severity: message", () => {
    expect(formatDiagnostic({ file: "/etc/hermod/hermod.conf", line: 12, col: 5, severity: "error", message: "boom" })).toBe(
      "/etc/hermod/hermod.conf:12:5: error: boom",
    );
    expect(formatDiagnostic({ file: "a", line: 1, col: 1, severity: "warning", message: "hm" })).toBe("a:1:1: warning: hm");
  });
});

describe("loadConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "hermod-load-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a missing file as a diagnostic instead of throwing", async () => {
    const r = await loadConfigFile(join(dir, "missing.conf"));
    expect(r.config).toBeNull();
    expect(r.diagnostics).toEqual([
      { file: join(dir, "missing.conf"), line: 1, col: 1, severity: "error", message: "cannot read the configuration file: file not found" },
    ]);
  });

  it("reads, compiles and deep-freezes a config from disk", async () => {
    writeFileSync(join(dir, "hermod.conf"), "host-name disk.example\n<domain *>\n  retry-after 1m,2m\n</domain>\n");
    const { config, diagnostics } = await loadConfigFile(join(dir, "hermod.conf"));
    expect(diagnostics).toEqual([]);
    if (!config) throw new Error("no config");
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.domains[0].settings)).toBe(true);
    expect(Object.isFrozen(config.domains[0].settings.retryAfter)).toBe(true);
    expect(Object.isFrozen(config.listeners[0].origin)).toBe(true);
    expect(() => (config.domains as unknown[]).push({})).toThrow();
  });

  it("can read through an injected readFile with no disk at all", async () => {
    const fs = createMemoryFs({ "/virtual/hermod.conf": "include extra.conf", "/virtual/extra.conf": "host-name mem.example" });
    const r = await loadConfigFile("/virtual/hermod.conf", { readFile: fs.readFile, realpath: fs.realpath });
    expect(r.config?.hostName).toBe("mem.example");
  });
});

describe("compileConfigText", () => {
  it("compiles unsaved text as if it were the file, without touching the disk", () => {
    const r = compileConfigText("postmaster a@b.example\nsmtp-listener [::1]:2525", {
      file: "/nowhere/hermod.conf",
      readFile: () => {
        throw Object.assign(new Error("no"), { code: "ENOENT" });
      },
      defaultHostName: () => "x.example",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toMatchObject({ hostName: "x.example", postmaster: "a@b.example", listeners: [{ host: "::1", port: 2525 }] });
  });

  it("returns config null and every error when something is wrong", () => {
    const r = compileConfigText("<domain *>\n  max-smtp-out none\n\nbad-thing 1", { file: "/x/h.conf", readFile: () => "" });
    expect(r.config).toBeNull();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "/x/h.conf:1:1: error: <domain *> is never closed (missing </domain>)",
      '/x/h.conf:2:16: error: invalid number "none": expected a whole number',
      "/x/h.conf:4:1: error: unknown directive `bad-thing`: not a PowerMTA directive",
    ]);
  });
});

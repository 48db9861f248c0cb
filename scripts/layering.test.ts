/**
 * The dependency rules of STYLE.md §4, checked on every import in the tree: app → lib → mta, the
 * engine free of Next/React/Prisma, Prisma only in lib/db, and mta/ reached only through its index.
 */

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", ".next", "dist", "data", "generated", "test-results", ".git"]);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(rel));
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

interface Import {
  file: string;
  spec: string;
  /** Repository-relative target for local imports, else the package name. */
  target: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    let target = spec;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
    out.push({ file, spec, target: target.split(path.sep).join("/"), typeOnly: Boolean(m[2]) });
  }
  return out;
}

const all = ["mta", "lib", "app", "components", "e2e", "scripts"].filter((d) => fs.existsSync(path.join(ROOT, d))).flatMap(files);
all.push(...["server.ts", "proxy.ts", "next.config.ts", "playwright.config.ts"].filter((f) => fs.existsSync(path.join(ROOT, f))));
const imports = all.flatMap(importsOf);
const isTest = (f: string) => /\.(test|spec|bench)\.tsx?$/.test(f) || f.startsWith("e2e/") || f.startsWith("mta/testing/") || f === "playwright.config.ts";
const within = (target: string, dir: string) => target === dir || target.startsWith(dir + "/");
const violations = (rule: (i: Import) => boolean) => imports.filter(rule).map((i) => `${i.file} imports ${i.spec}`);

describe("layering (STYLE.md §4)", () => {
  it("finds the imports it checks", () => {
    expect(imports.length).toBeGreaterThan(200);
  });

  it("mta/ never imports Next, React, Prisma or the outer layers", () => {
    expect(
      violations((i) => i.file.startsWith("mta/") && (/^(next|react|react-dom|@prisma\/|prisma)(\/|$)/.test(i.spec) || ["lib", "app", "components", "generated"].some((d) => within(i.target, d)))),
    ).toEqual([]);
  });

  it("outside mta/, only mta/index (mta/engine for the engine's host, mta/testing from tests) is imported", () => {
    const allowed = (i: Import) =>
      /^mta\/index(\.ts)?$/.test(i.target) ||
      (/^mta\/engine(\.ts)?$/.test(i.target) && i.file === "lib/mta-host/engine-worker.ts") ||
      (isTest(i.file) && within(i.target, "mta/testing"));
    expect(violations((i) => !i.file.startsWith("mta/") && within(i.target, "mta") && !allowed(i))).toEqual([]);
  });

  it("only lib/db talks to Prisma", () => {
    expect(
      violations((i) => !i.file.startsWith("lib/db/") && !i.file.startsWith("scripts/") && (/^@prisma\/(client|adapter)/.test(i.spec) || within(i.target, "generated"))),
    ).toEqual([]);
  });

  it("app/ goes through lib/services and lib/mta-host, never mta/ or lib/db directly", () => {
    expect(violations((i) => i.file.startsWith("app/") && (within(i.target, "mta") || within(i.target, "lib/db")))).toEqual([]);
  });

  it("components/ import only components, lib/utils and type-only lib/schemas", () => {
    expect(
      violations(
        (i) =>
          i.file.startsWith("components/") &&
          (within(i.target, "lib") || within(i.target, "app") || within(i.target, "mta")) &&
          !/^lib\/utils(\.ts)?$/.test(i.target) &&
          !(i.typeOnly && within(i.target, "lib/schemas")),
      ),
    ).toEqual([]);
  });
});

/**
 * An in-memory `ConfigFs` for tests and for validating unsaved edits in the console: files by absolute
 * path, plus symbolic links (link path → target path) to exercise the realpath confinement check.
 */

import { dirname, join, resolve } from "node:path";
import type { ConfigFs } from "./include";

const enoent = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });

export function createMemoryFs(
  files: Record<string, string>,
  symlinks: Record<string, string> = {},
): ConfigFs & { reads: string[] } {
  const reads: string[] = [];
  const links = new Map(Object.entries(symlinks).map(([from, to]) => [resolve(from), resolve(to)]));
  const fileMap = new Map(Object.entries(files).map(([p, text]) => [resolve(p), text]));
  const isDir = (p: string) =>
    [...fileMap.keys(), ...links.keys()].some((f) => f.startsWith(p.endsWith("/") ? p : p + "/"));

  function realpath(path: string, depth = 0): string {
    if (depth > 40) throw Object.assign(new Error("ELOOP"), { code: "ELOOP" });
    const parts = resolve(path).split("/").filter(Boolean);
    let current = "/";
    for (let i = 0; i < parts.length; i++) {
      current = join(current, parts[i]);
      const target = links.get(current);
      if (target !== undefined) {
        return realpath(join(target, ...parts.slice(i + 1)), depth + 1);
      }
    }
    if (!fileMap.has(current) && !isDir(current)) throw enoent(path);
    return current;
  }

  return {
    reads,
    realpath,
    readFile(path) {
      const real = realpath(path);
      const text = fileMap.get(real);
      if (text === undefined) {
        throw Object.assign(new Error(`EISDIR: ${path}`), { code: isDir(real) ? "EISDIR" : "ENOENT" });
      }
      reads.push(real);
      return text;
    },
    readdir(path) {
      const dir = realpath(path);
      const names = new Set<string>();
      for (const p of [...fileMap.keys(), ...links.keys()]) {
        if (dirname(p) === dir) names.add(p.slice(dir.length + 1));
      }
      return [...names];
    },
  };
}

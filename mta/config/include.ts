/**
 * `include FILE` (UG5.0 §3.3.1.31): splices another file's directives and blocks in place, at the top
 * level or inside a block. FILE is resolved relative to the including file's directory; a wildcard in
 * the file name (`include conf.d/*.conf`) includes every match in name order.
 *
 * Confinement: the config can be edited from the console, so an include must never become a way to
 * read arbitrary files. Every target must stay inside the configuration root directory, checked both
 * on the path as written (`..`, absolute paths) and after resolving symbolic links (realpath). A
 * rejected target is never read, and no diagnostic ever quotes a rejected file's content.
 */

import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ConfigNode, DirectiveNode } from "./ast";
import type { Diagnostics } from "./diagnostics";
import { parse } from "./parser";

/** File access used while reading a config; injectable so tests need no disk (see memory-fs.ts). */
export interface ConfigFs {
  /** UTF-8 text of a file; throws an error with `code` (ENOENT, EACCES, EISDIR …) on failure. */
  readFile(path: string): string;
  /** The path with every symbolic link resolved; throws with `code` ENOENT when it does not exist. */
  realpath(path: string): string;
  /** Entry names of a directory; only needed for wildcard includes. */
  readdir?(path: string): string[];
}

export interface IncludeOptions {
  fs: ConfigFs;
  /** The configuration root as given (used for the path-as-written check). */
  rootDir: string;
  /** The same directory with symbolic links resolved. */
  realRoot: string;
  diags: Diagnostics;
}

/** A guard against include fan-out (a file included twice by each of many files). */
export const MAX_INCLUDED_FILES = 1000;

/** A file reached through includes. */
export interface FileRef {
  /** Path as reached through the includes (shown in diagnostics). */
  path: string;
  real: string;
}

/** State shared by one walk over a tree's includes. */
export interface IncludeWalk {
  count: number;
}

export interface IncludedFile {
  ref: FileRef;
  text: string;
}

/** The tree with every `include` replaced by the parsed content of the files it names. */
export function expandIncludes(nodes: ConfigNode[], file: FileRef, opts: IncludeOptions): ConfigNode[] {
  return expand(nodes, file, [file], opts, { count: 0 });
}

function expand(nodes: ConfigNode[], file: FileRef, stack: FileRef[], opts: IncludeOptions, walk: IncludeWalk): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const node of nodes) {
    if (node.type === "block") out.push({ ...node, children: expand(node.children, file, stack, opts, walk) });
    else if (node.name === "include") out.push(...includeDirective(node, file, stack, opts, walk));
    else out.push(node);
  }
  return out;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

const errorCode = (e: unknown): string => (e as { code?: string })?.code ?? "error";

function describe(code: string): string {
  const known: Record<string, string> = {
    ENOENT: "not found",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "a path component is not a directory",
    ELOOP: "too many symbolic links",
  };
  return known[code] ?? code;
}

/** Checks one path against the root, as written and after realpath; returns the real path or null. */
function confine(path: string, shown: string, d: DirectiveNode, opts: IncludeOptions): string | null {
  const outside = `include "${shown}" is outside the configuration directory ${opts.rootDir}; only files under it can be included`;
  if (!isInside(opts.rootDir, path)) {
    opts.diags.error(d.valueLoc, outside);
    return null;
  }
  let real: string;
  try {
    real = opts.fs.realpath(path);
  } catch (e) {
    opts.diags.error(d.valueLoc, `cannot include "${shown}": ${describe(errorCode(e))}`);
    return null;
  }
  if (!isInside(opts.realRoot, real)) {
    opts.diags.error(d.valueLoc, `${outside} (a symbolic link leads out of it)`);
    return null;
  }
  return real;
}

/** The files an include names, each with the path to show in messages (as the user wrote it). */
function targets(d: DirectiveNode, file: FileRef, opts: IncludeOptions): { path: string; shown: string }[] | null {
  const written = d.value.trim();
  if (written === "") {
    opts.diags.error(d.valueLoc, "include needs a file name");
    return null;
  }
  if (written.includes("\0")) {
    opts.diags.error(d.valueLoc, "include file name contains a NUL byte");
    return null;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) {
    opts.diags.error(d.valueLoc, "include from a URL is not supported: Hermod only includes files under the configuration directory");
    return null;
  }
  const path = resolve(dirname(file.path), written);
  const name = basename(path);
  if (!/[*?]/.test(written)) return [{ path, shown: written }];
  if (/[*?]/.test(dirname(written))) {
    opts.diags.error(d.valueLoc, "wildcards in include are only supported in the file name, not in directories");
    return null;
  }
  const dir = dirname(path);
  const realDir = confine(dir, dirname(written), d, opts);
  if (realDir === null) return null;
  if (!opts.fs.readdir) {
    opts.diags.error(d.valueLoc, "wildcard includes are not available here (no directory listing)");
    return null;
  }
  let entries: string[];
  try {
    entries = opts.fs.readdir(realDir);
  } catch (e) {
    opts.diags.error(d.valueLoc, `cannot list "${dirname(written)}": ${describe(errorCode(e))}`);
    return null;
  }
  const pattern = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  const matches = entries.filter((e) => pattern.test(e) && !e.startsWith(".")).sort();
  if (matches.length === 0) opts.diags.warning(d.valueLoc, `include "${written}" matches no files`);
  return matches.map((m) => ({ path: join(dir, m), shown: join(dirname(written), m) }));
}

/**
 * The files one `include` names, in order, read after every check (confinement, cycles, fan-out);
 * each problem is reported on the directive and the file is skipped. Shared by the compiler (which
 * splices the parsed files in) and the exporter (which splices their text in).
 */
export function readIncluded(d: DirectiveNode, file: FileRef, stack: FileRef[], opts: IncludeOptions, walk: IncludeWalk): IncludedFile[] {
  const paths = targets(d, file, opts);
  if (!paths) return [];
  const out: IncludedFile[] = [];
  for (const { path, shown } of paths) {
    const real = confine(path, shown, d, opts);
    if (real === null) continue;
    const cycleAt = stack.findIndex((f) => f.real === real);
    if (cycleAt >= 0) {
      const chain = [...stack.slice(cycleAt), { path, real }].map((f) => relative(opts.rootDir, f.path) || f.path);
      opts.diags.error(d.valueLoc, `include cycle: ${chain.join(" → ")}`);
      continue;
    }
    if (++walk.count > MAX_INCLUDED_FILES) {
      opts.diags.error(d.valueLoc, `more than ${MAX_INCLUDED_FILES} files included; giving up`);
      return out;
    }
    try {
      out.push({ ref: { path, real }, text: opts.fs.readFile(real) });
    } catch (e) {
      opts.diags.error(d.valueLoc, `cannot include "${shown}": ${describe(errorCode(e))}`);
    }
  }
  return out;
}

function includeDirective(d: DirectiveNode, file: FileRef, stack: FileRef[], opts: IncludeOptions, walk: IncludeWalk): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const { ref, text } of readIncluded(d, file, stack, opts, walk)) {
    const parsed = parse(text, ref.path);
    opts.diags.addAll(parsed.diagnostics);
    out.push(...expand(parsed.nodes, ref, [...stack, ref], opts, walk));
  }
  return out;
}

/**
 * A standalone PowerMTA file from a config spread over includes. Every `include` line is replaced by
 * the text of the files it names, recursively and in the order the compiler reads them (the same
 * checks apply: confinement, cycles, fan-out), so compiling the export gives the same configuration as
 * compiling the original, apart from where each rule came from (`origin`).
 *
 * Choices:
 * - Splicing is done on the text, not the tree, so comments, blank lines and layout survive; each
 *   inlined file is framed by `# >>> FILE` / `# <<< FILE` comments and indented like its include line.
 * - Domain macros are kept as written, not expanded: expanding them would turn macro-made `<domain>`
 *   blocks into explicit ones, and an explicit block beats a macro-made one (UG5.0 §3.3.10), so the
 *   meaning could change. Keeping them is also what a PowerMTA operator expects to read.
 * - Relative paths Hermod reads (paths.ts) in an included file from another directory are rebased to
 *   the main file's directory: the export is meant to be saved in place of (or beside) the main file.
 *
 * It does not compile anything: compile the result for its diagnostics.
 */

import { dirname, relative, resolve } from "node:path";
import type { ConfigNode, DirectiveNode } from "./ast";
import { Diagnostics } from "./diagnostics";
import { readIncluded, type FileRef, type IncludeOptions, type IncludeWalk } from "./include";
import { configFs, inSourceOrder, realOr, type CompileTextOptions } from "./load";
import { parse } from "./parser";
import { blockPath, directivePath, rebasePath } from "./paths";
import { quoteIfSpaced } from "./printer";
import type { Diagnostic } from "./types";

export interface ExportResult {
  /** The standalone text, or null when a file could not be read or parsed (see `diagnostics`). */
  text: string | null;
  diagnostics: Diagnostic[];
}

interface ExportContext {
  include: IncludeOptions;
  walk: IncludeWalk;
  mainDir: string;
  /** Whether anything was inlined or rebased (the export then says so in a first comment line). */
  changed: boolean;
}

type LineEdit = (line: string) => string[];

/** Inlines every include of the config `text` (saved, or to be saved, as `opts.file`). */
export function exportConfig(text: string, opts: CompileTextOptions): ExportResult {
  const file = resolve(opts.file);
  const rootDir = resolve(opts.rootDir ?? dirname(file));
  const fs = configFs(opts);
  const diags = new Diagnostics();
  const ref: FileRef = { path: file, real: realOr(fs, file) };
  const ctx: ExportContext = {
    include: { fs, rootDir, realRoot: realOr(fs, rootDir), diags },
    walk: { count: 0 },
    mainDir: dirname(file),
    changed: false,
  };
  const body = exportFile(text, ref, [ref], ctx);
  const header = ctx.changed ? ["# Exported by Hermod: every include is inlined between # >>> and # <<< lines; domain macros are kept."] : [];
  return { text: diags.hasErrors ? null : [...header, ...body].join("\n") + "\n", diagnostics: inSourceOrder(diags.list, file) };
}

function exportFile(text: string, ref: FileRef, stack: FileRef[], ctx: ExportContext): string[] {
  const parsed = parse(text, ref.path);
  ctx.include.diags.addAll(parsed.diagnostics);
  const edits = new Map<number, LineEdit>();
  const rebase = dirname(ref.path) !== ctx.mainDir;
  walkNodes(parsed.nodes, (node) => {
    if (node.type === "directive" && node.name === "include") {
      edits.set(node.loc.line, (line) => inline(node, line, ref, stack, ctx));
      return;
    }
    const path = rebase ? pathAt(node) : null;
    if (path === null) return;
    const rebased = rebasePath(path.text, ref.path, ctx.mainDir);
    if (rebased === path.text) return;
    ctx.changed = true;
    const replacement = path.spacesAllowed ? rebased : quoteIfSpaced(rebased, false);
    edits.set(node.loc.line, (line) => [line.slice(0, path.col - 1) + replacement + line.slice(path.col - 1 + path.text.length)]);
  });
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = source.split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.flatMap((line, i) => edits.get(i + 1)?.(line) ?? [line]);
}

/** Where a path Hermod reads sits on its line (its 1-based column), or null. */
function pathAt(node: ConfigNode): { text: string; col: number; spacesAllowed: boolean } | null {
  if (node.type === "block") {
    const arg = blockPath(node);
    // A block argument is the rest of the tag, spaces included.
    return arg === null ? null : { text: arg, col: node.argLoc.col, spacesAllowed: true };
  }
  const word = directivePath(node);
  return word && { text: word.text, col: word.col, spacesAllowed: word.quoted };
}

function walkNodes(nodes: readonly ConfigNode[], visit: (node: ConfigNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.type === "block") walkNodes(node.children, visit);
  }
}

/** The include line, commented out, followed by each file it names, framed and indented like it. */
function inline(d: DirectiveNode, line: string, ref: FileRef, stack: FileRef[], ctx: ExportContext): string[] {
  ctx.changed = true;
  const indent = /^\s*/.exec(line)![0];
  const out = [`${indent}# include ${d.value} (inlined below)`];
  for (const included of readIncluded(d, ref, stack, ctx.include, ctx.walk)) {
    const shown = relative(ctx.include.rootDir, included.ref.path);
    const body = exportFile(included.text, included.ref, [...stack, included.ref], ctx);
    out.push(`${indent}# >>> ${shown}`, ...body.map((l) => (l.trim() === "" ? l : indent + l)), `${indent}# <<< ${shown}`);
  }
  return out;
}

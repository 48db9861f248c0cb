/**
 * Entry points: config text or file → CompileResult. Never throws for a bad or missing file: every
 * problem is a diagnostic, and `config` is null whenever there is an error.
 */

import { readFile as readFileAsync } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { compileTree } from "./compile";
import { Diagnostics } from "./diagnostics";
import { expandIncludes, type ConfigFs } from "./include";
import { nodeConfigFs } from "./node-fs";
import { parse } from "./parser";
import type { CompileResult, Diagnostic } from "./types";

export interface CompileTextOptions {
  /** Path of the file the text is (or will be) saved as: diagnostics name it, includes resolve from it. */
  file: string;
  /** Directory includes must stay inside; defaults to the file's directory. */
  rootDir?: string;
  /** Reads an included file (default: node:fs). Throw an error with `code` (ENOENT …) on failure. */
  readFile?: ConfigFs["readFile"];
  /** Resolves symbolic links (default: node:fs when `readFile` is not given, otherwise no links). */
  realpath?: ConfigFs["realpath"];
  /** Lists a directory for wildcard includes (default: node:fs when `readFile` is not given). */
  readdir?: ConfigFs["readdir"];
  /** `host-name` when the file sets none (default: the machine's name). */
  defaultHostName?: () => string;
}

/** The file access `opts` asks for (node:fs unless `readFile` is given). */
export function configFs(opts: CompileTextOptions): ConfigFs {
  if (!opts.readFile) {
    return { ...nodeConfigFs, ...(opts.realpath && { realpath: opts.realpath }), ...(opts.readdir && { readdir: opts.readdir }) };
  }
  return { readFile: opts.readFile, realpath: opts.realpath ?? ((p) => resolve(p)), readdir: opts.readdir };
}

/** `path` with symbolic links resolved, or as given when it does not exist. */
export function realOr(fs: ConfigFs, path: string): string {
  try {
    return fs.realpath(path);
  } catch {
    return path;
  }
}

/** Compiles config text (e.g. from the console editor) with its includes. */
export function compileConfigText(text: string, opts: CompileTextOptions): CompileResult {
  const file = resolve(opts.file);
  const rootDir = resolve(opts.rootDir ?? dirname(file));
  const fs = configFs(opts);
  const diags = new Diagnostics();
  const parsed = parse(text, file);
  diags.addAll(parsed.diagnostics);
  const nodes = expandIncludes(
    parsed.nodes,
    { path: file, real: realOr(fs, file) },
    { fs, rootDir, realRoot: realOr(fs, rootDir), diags },
  );
  const config = compileTree(nodes, diags, { file, defaultHostName: opts.defaultHostName, readKeyFile: (path) => fs.readFile(path) });
  return { config: diags.hasErrors ? null : config, diagnostics: inSourceOrder(diags.list, file) };
}

/** Main file first, then other files in the order they were first reported; by line and column within a file. */
export function inSourceOrder(list: Diagnostic[], mainFile: string): Diagnostic[] {
  const rank = new Map<string, number>([[mainFile, 0]]);
  for (const d of list) if (!rank.has(d.file)) rank.set(d.file, rank.size);
  return [...list].sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.line - b.line || a.col - b.col);
}

export type LoadOptions = Omit<CompileTextOptions, "file">;

/** Reads and compiles a config file. A missing or unreadable file is an error diagnostic, not a throw. */
export async function loadConfigFile(path: string, opts: LoadOptions = {}): Promise<CompileResult> {
  const file = resolve(path);
  let text: string;
  try {
    text = opts.readFile ? opts.readFile(file) : await readFileAsync(file, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : (code ?? "cannot be read");
    return {
      config: null,
      diagnostics: [{ file, line: 1, col: 1, severity: "error", message: `cannot read the configuration file: ${why}` }],
    };
  }
  return compileConfigText(text, { ...opts, file });
}

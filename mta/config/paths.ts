/**
 * Values Hermod reads as file paths relative to the directory of the file that contains them. Moving
 * text to another file (inlining an include, printing a tree) must rebase them, or they would point
 * elsewhere. Paths Hermod does not act on (log-file, spool, body-pattern-file …) are left as written.
 */

import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { BlockNode, DirectiveNode } from "./ast";

/** Block tags whose argument is a path (`<acct-file PATH>`; a piped `|COMMAND` is not). */
export const PATH_BLOCK_ARGS: ReadonlySet<string> = new Set(["acct-file"]);

/** Directives whose first word is a path. */
export const PATH_DIRECTIVES: ReadonlySet<string> = new Set(["smtp-server-tls-certificate"]);

/** The path as it must be written in a file in `toDir` to mean what it meant in `fromFile`. */
export function rebasePath(written: string, fromFile: string, toDir: string): string {
  if (written === "" || written.startsWith("|") || isAbsolute(written) || dirname(fromFile) === toDir) return written;
  const target = resolve(dirname(fromFile), written);
  const rel = relative(toDir, target);
  return rel.startsWith("..") || isAbsolute(rel) ? target : rel;
}

/** The block's argument when it is a path to rebase, else null. */
export function blockPath(b: BlockNode): string | null {
  return PATH_BLOCK_ARGS.has(b.tag) && !b.arg.startsWith("|") ? b.arg : null;
}

/** A path inside a directive's value: its text, column, and where it starts in the value (default 0). */
export interface DirectivePath {
  text: string;
  col: number;
  quoted: boolean;
  offset?: number;
}

/** The directive's path word (text and column) when it has one to rebase, else null. */
export function directivePath(d: DirectiveNode): DirectivePath | null {
  if (d.name === "domain-key" || d.name === "arc-seal") return domainKeyPath(d);
  return PATH_DIRECTIVES.has(d.name) && d.words[0] ? d.words[0] : null;
}

/** `domain-key` / `arc-seal SELECTOR,DOMAIN,FILE`: the FILE part of a one-word value. */
function domainKeyPath(d: DirectiveNode): DirectivePath | null {
  const word = d.words[0];
  if (!word || d.words.length !== 1) return null;
  const m = /^([^,]*,[^,]*,)(.+)$/.exec(word.text);
  return m ? { text: m[2], col: word.col + m[1].length, quoted: false, offset: m[1].length } : null;
}

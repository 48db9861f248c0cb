/**
 * Lexed lines → tree of directives and blocks. Only structure is checked here (every `<tag>` closed by
 * a matching `</tag>`, in order); which tags and directives exist is decided later by the compiler.
 */

import type { BlockNode, ConfigNode } from "./ast";
import { Diagnostics, where } from "./diagnostics";
import { lex } from "./lexer";
import type { Diagnostic } from "./types";

export interface ParseResult {
  nodes: ConfigNode[];
  diagnostics: Diagnostic[];
}

/** Parses one file's text. Blocks must be balanced within the file (an include cannot close a tag). */
export function parse(text: string, file: string): ParseResult {
  const lexed = lex(text, file);
  const diags = new Diagnostics();
  diags.addAll(lexed.diagnostics);
  const root: ConfigNode[] = [];
  const stack: BlockNode[] = [];
  const current = (): ConfigNode[] => (stack.length ? stack[stack.length - 1].children : root);

  for (const line of lexed.lines) {
    if (line.kind === "directive") {
      const { kind: _kind, ...rest } = line;
      current().push({ type: "directive", ...rest });
    } else if (line.kind === "open") {
      const block: BlockNode = {
        type: "block",
        tag: line.tag,
        arg: line.arg,
        loc: line.loc,
        argLoc: line.argLoc,
        endLoc: line.loc,
        children: [],
      };
      current().push(block);
      stack.push(block);
    } else {
      const depth = findOpen(stack, line.tag);
      if (depth < 0) {
        diags.error(line.loc, `</${line.tag}> has no matching <${line.tag}>`);
        continue;
      }
      // Everything opened after the matching tag was left open: report it where it was opened.
      for (let i = stack.length - 1; i >= depth; i--) stack[i].endLoc = line.loc;
      for (let i = stack.length - 1; i > depth; i--) {
        const open = stack[i];
        diags.error(
          line.loc,
          `</${line.tag}> closes <${line.tag}> opened at ${where(stack[depth].loc)}, but <${open.tag}> opened at ${where(open.loc)} is still open`,
        );
      }
      stack.length = depth;
    }
  }
  for (const open of stack) {
    open.endLoc = { file, line: Math.max(lexed.lineCount, open.loc.line), col: 1 };
    diags.error(open.loc, `<${open.tag}${open.arg ? " " + open.arg : ""}> is never closed (missing </${open.tag}>)`);
  }
  return { nodes: root, diagnostics: diags.list };
}

function findOpen(stack: BlockNode[], tag: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].tag === tag) return i;
  return -1;
}

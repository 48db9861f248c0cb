/**
 * Point-and-click edits as text edits. A block is found in the parse tree of the current text and
 * changed by its exact line range: only the managed directive lines inside it, its opening line when
 * renamed, or the whole range when added or removed. Every other line of the file (comments, other
 * blocks, directives the form does not show) stays byte for byte as it was.
 */

import { parseConfigText, type BlockNode, type DirectiveNode } from "@/mta/index";
import type { TConfigBlockKind } from "../schemas/config";
import { managedFields, sameArg } from "./block-model";
import { blockSpan } from "./block-range";
import { indentOf, joinLines, splitLines, trailingComment, type ConfigLines } from "./config-text";

export interface BlockChange {
  kind: TConfigBlockKind;
  /** The block's argument before the edit; undefined adds a new block. */
  match?: string;
  /** The argument to write (a rename when it differs from `match`). */
  arg: string;
  /**
   * Managed directive → its new values, one line each; `[]` removes the directive. Directives not
   * listed are left as they are.
   */
  values: Readonly<Record<string, readonly string[]>>;
}

export type EditResult = { ok: true; text: string; line: number } | { ok: false; error: string };

const DEFAULT_INDENT = "    ";

interface Parsed {
  cl: ConfigLines;
  blocks: BlockNode[];
}

function parseForEdit(text: string, file: string, kind: string): Parsed | { error: string } {
  const parsed = parseConfigText(text, file);
  const broken = parsed.diagnostics.find((d) => d.severity === "error");
  if (broken) {
    return { error: `The configuration does not parse (line ${broken.line}: ${broken.message}). Fix it in the text editor first.` };
  }
  const blocks = parsed.nodes.filter((n): n is BlockNode => n.type === "block" && n.tag === kind);
  return { cl: splitLines(text), blocks };
}

/** Adds a block, or changes the one whose argument is `change.match`. */
export function saveBlock(text: string, change: BlockChange, file = "hermod.conf"): EditResult {
  const p = parseForEdit(text, file, change.kind);
  if ("error" in p) return { ok: false, error: p.error };
  const clash = p.blocks.find((b) => sameArg(b.arg, change.arg) && (change.match === undefined || !sameArg(b.arg, change.match)));
  if (clash) return { ok: false, error: `<${change.kind} ${clash.arg}> already exists (line ${clash.loc.line}).` };
  if (change.match === undefined) return addBlock(p, change);
  const target = p.blocks.find((b) => sameArg(b.arg, change.match!));
  if (!target) return { ok: false, error: `<${change.kind} ${change.match}> is no longer in the configuration file; reload the page.` };
  return changeBlock(p, target, change);
}

/** Removes the block whose argument is `arg`, opening to closing line. */
export function removeBlock(text: string, kind: TConfigBlockKind, arg: string, file = "hermod.conf"): EditResult {
  const p = parseForEdit(text, file, kind);
  if ("error" in p) return { ok: false, error: p.error };
  const target = p.blocks.find((b) => sameArg(b.arg, arg));
  if (!target) return { ok: false, error: `<${kind} ${arg}> is no longer in the configuration file; reload the page.` };
  const { lines } = p.cl;
  const span = blockSpan(target);
  let from = span.start - 1;
  let to = span.end; // exclusive
  // Leave one blank line where the block was, not two.
  const blankBefore = from === 0 || lines[from - 1].trim() === "";
  if (blankBefore && to < lines.length && lines[to].trim() === "") to++;
  else if (blankBefore && to >= lines.length && from > 0) from--;
  return { ok: true, text: joinLines({ ...p.cl, lines: [...lines.slice(0, from), ...lines.slice(to)] }), line: span.start };
}

function wantedValues(change: BlockChange, name: string): string[] | undefined {
  const list = change.values[name];
  return list?.map((v) => v.trim()).filter((v) => v !== "");
}

function addBlock(p: Parsed, change: BlockChange): EditResult {
  const { lines } = p.cl;
  const indent = detectIndent(lines);
  const body = managedFields(change.kind).flatMap((name) => (wantedValues(change, name) ?? []).map((v) => `${indent}${name} ${v}`));
  const block = [`<${change.kind} ${change.arg.trim()}>`, ...body, `</${change.kind}>`];
  // After the last block of the same kind, else at the end of the file.
  const last = p.blocks[p.blocks.length - 1];
  const at = last ? blockSpan(last).end : lines.length;
  const before = at > 0 && lines[at - 1].trim() !== "" ? [""] : [];
  const after = at < lines.length && lines[at].trim() !== "" ? [""] : [];
  const out = [...lines.slice(0, at), ...before, ...block, ...after, ...lines.slice(at)];
  return { ok: true, text: joinLines({ ...p.cl, lines: out, finalEol: true }), line: at + before.length + 1 };
}

function changeBlock(p: Parsed, target: BlockNode, change: BlockChange): EditResult {
  const { lines } = p.cl;
  const span = blockSpan(target);
  const replace = new Map<number, string[]>();
  const beforeClose: string[] = [];

  if (change.arg.trim() !== target.arg) {
    const open = lines[span.start - 1];
    replace.set(span.start - 1, [`${indentOf(open)}<${target.tag} ${change.arg.trim()}>${trailingComment(open)}`]);
  }
  const directives = target.children.filter((c): c is DirectiveNode => c.type === "directive");
  const childIndent = directives.length ? indentOf(lines[directives[0].loc.line - 1]) : indentOf(lines[span.start - 1]) + detectIndent(lines);

  for (const name of managedFields(change.kind)) {
    const wanted = wantedValues(change, name);
    if (wanted === undefined) continue;
    const existing = directives.filter((d) => d.name === name);
    if (existing.length === 0) {
      beforeClose.push(...wanted.map((v) => `${childIndent}${name} ${v}`));
      continue;
    }
    // Pairwise: the i-th line takes the i-th value (an unchanged value keeps its line as written),
    // surplus lines go, surplus values follow the last existing line.
    existing.forEach((d, i) => {
      const index = d.loc.line - 1;
      const old = lines[index];
      const value = wanted[i];
      const lineOut = value === undefined ? [] : value === d.value ? [old] : [`${indentOf(old)}${name} ${value}${trailingComment(old)}`];
      if (i === existing.length - 1) lineOut.push(...wanted.slice(existing.length).map((v) => `${indentOf(old)}${name} ${v}`));
      replace.set(index, lineOut);
    });
  }

  const out: string[] = [];
  lines.forEach((line, index) => {
    if (index === span.end - 1) out.push(...beforeClose);
    out.push(...(replace.get(index) ?? [line]));
  });
  return { ok: true, text: joinLines({ ...p.cl, lines: out }), line: span.start };
}

/** The file's own indentation step (the first indented directive line's), four spaces when there is none. */
function detectIndent(lines: readonly string[]): string {
  for (const line of lines) {
    const m = /^([ \t]+)[^\s#<]/.exec(line);
    if (m) return m[1];
  }
  return DEFAULT_INDENT;
}

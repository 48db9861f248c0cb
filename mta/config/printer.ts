/**
 * Syntax tree → PowerMTA config text. Parsing the output gives the same directives and blocks (names,
 * values, arguments, nesting); comments and blank lines are not in the tree, so they are not printed —
 * `exportConfig` keeps them. Used by the console to write a block it built or edited, and by the
 * exporter's tests as a canonical form.
 */

import type { BlockNode, ConfigNode, DirectiveNode } from "./ast";
import { blockPath, directivePath, rebasePath } from "./paths";

export interface PrintOptions {
  /**
   * Directory of the file the text is for. Paths Hermod reads relative to their own file
   * (`<acct-file PATH>`, `smtp-server-tls-certificate FILE`) that come from a file elsewhere (an
   * include in another directory) are rebased to it. Without it, paths are printed as written.
   */
  baseDir?: string;
  /** One level of indentation (default four spaces). */
  indent?: string;
}

/** Prints `nodes`, one directive or tag per line, nested blocks indented. Ends with a newline. */
export function printConfig(nodes: readonly ConfigNode[], opts: PrintOptions = {}): string {
  const lines: string[] = [];
  printNodes(nodes, 0, lines, opts);
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

function printNodes(nodes: readonly ConfigNode[], depth: number, lines: string[], opts: PrintOptions): void {
  const pad = (opts.indent ?? "    ").repeat(depth);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.type === "block") {
      lines.push(`${pad}${openTag(node, opts)}`);
      printNodes(node.children, depth + 1, lines, opts);
      lines.push(`${pad}</${node.tag}>`);
      continue;
    }
    const next = nodes[i + 1];
    if (next?.type === "block" && isInlineBlock(node, next)) {
      // `mail-from /re/ <pattern-list>`: the one block PowerMTA opens at the end of a directive line.
      lines.push(`${pad}${directiveText(node, opts)} ${openTag(next, opts)}`);
      printNodes(next.children, depth + 1, lines, opts);
      lines.push(`${pad}</${next.tag}>`);
      i++;
      continue;
    }
    lines.push(`${pad}${directiveText(node, opts)}`);
  }
}

function isInlineBlock(d: DirectiveNode, b: BlockNode): boolean {
  return b.loc.file === d.loc.file && b.loc.line === d.loc.line;
}

function openTag(b: BlockNode, opts: PrintOptions): string {
  const path = blockPath(b);
  const arg = path !== null && opts.baseDir !== undefined ? rebasePath(path, b.loc.file, opts.baseDir) : b.arg;
  return arg === "" ? `<${b.tag}>` : `<${b.tag} ${arg}>`;
}

function directiveText(d: DirectiveNode, opts: PrintOptions): string {
  const path = opts.baseDir === undefined ? null : directivePath(d);
  const rebased = path && rebasePath(path.text, d.loc.file, opts.baseDir!);
  if (d.quoted) return `${d.name} "${rebased ?? d.value}"`;
  let value = d.value;
  if (path && rebased !== null) {
    const at = path.offset ?? 0;
    value = value.slice(0, at) + quoteIfSpaced(rebased, path.quoted) + value.slice(at + path.text.length + (path.quoted ? 2 : 0));
  }
  return value === "" ? d.name : `${d.name} ${value}`;
}

/** A word that must stay one word: quoted when it was, or when it now contains whitespace. */
export function quoteIfSpaced(text: string, wasQuoted: boolean): string {
  return wasQuoted || /\s/.test(text) ? `"${text}"` : text;
}

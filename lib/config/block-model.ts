/**
 * The main config file's top-level blocks as the block editors show them: each managed directive's
 * values and the names of everything else the editor keeps as is. Read from the parse tree of the
 * text alone: blocks that come from `include`d files are edited in those files.
 */

import { parseConfigText, type BlockNode, type ConfigNode } from "@/mta/index";
import { CONFIG_BLOCK_FIELDS, CONFIG_BLOCK_KINDS, type TConfigBlock, type TConfigBlockKind } from "../schemas/config";
import { blockSpan } from "./block-range";

export function isBlockKind(tag: string): tag is TConfigBlockKind {
  return (CONFIG_BLOCK_KINDS as readonly string[]).includes(tag);
}

export function managedFields(kind: TConfigBlockKind): readonly string[] {
  return CONFIG_BLOCK_FIELDS[kind];
}

/** The top-level blocks of `text` (only parse-level problems matter here; null when the text does not parse). */
export function readConfigBlocks(text: string, file = "hermod.conf"): TConfigBlock[] | null {
  const parsed = parseConfigText(text, file);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return null;
  return parsed.nodes.filter((n): n is BlockNode => n.type === "block" && isBlockKind(n.tag)).map(toBlock);
}

function toBlock(block: BlockNode): TConfigBlock {
  const kind = block.tag as TConfigBlockKind;
  const fields = managedFields(kind);
  const values: Record<string, string[]> = {};
  const kept: string[] = [];
  for (const child of block.children) {
    if (child.type === "directive" && fields.includes(child.name)) (values[child.name] ??= []).push(child.value);
    else kept.push(label(child));
  }
  const span = blockSpan(block);
  return { kind, arg: block.arg, line: span.start, endLine: span.end, values, kept };
}

function label(node: ConfigNode): string {
  return node.type === "directive" ? node.name : `<${node.tag}${node.arg ? ` ${node.arg}` : ""}>`;
}

/** The effective value of a single-value directive: PowerMTA lets a later line override an earlier one. */
export function lastValue(block: TConfigBlock, name: string): string {
  const list = block.values[name];
  return list?.[list.length - 1] ?? "";
}

/** Block arguments compare case-insensitively (names, domains and CIDRs all do in PowerMTA). */
export function sameArg(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * `domain-macro NAME a.com, b.com` and `$NAME` in `<domain …>` (UG5.0 §3.3.1.33.4, §3.3.10).
 * Expansion is textual: `<domain yahoo.$tld>` with `tld = com, co.uk` gives yahoo.com and yahoo.co.uk;
 * several macros in one pattern give every combination; macros may use other macros
 * (`domain-macro tld $com, org`). Definitions are collected from the whole file first, so order does
 * not matter; loops and undefined names are load errors.
 */

import type { ConfigNode, DirectiveNode } from "./ast";
import { shift, where, type Diagnostics } from "./diagnostics";
import { closest, didYouMean } from "./suggest";
import type { SourceLocation } from "./types";
import { splitList } from "./units";

/** More expansions than this from one pattern is almost certainly a mistake (and would be slow). */
export const MAX_EXPANSIONS = 10_000;

const NAME = /^[A-Za-z0-9_]+$/;
const REF = /\$([A-Za-z0-9_]*)/g;

interface MacroDef {
  name: string;
  items: { item: string; loc: SourceLocation }[];
  loc: SourceLocation;
}

export interface ExpandedPattern {
  pattern: string;
  fromMacro: boolean;
}

export interface MacroTable {
  /** The patterns a `<domain ARG>` stands for, or null after reporting an error at `loc`. */
  expand(text: string, loc: SourceLocation): ExpandedPattern[] | null;
}

/** Reads every top-level `domain-macro` and checks all of them (loops, undefined names) eagerly. */
export function collectMacros(nodes: readonly ConfigNode[], diags: Diagnostics): MacroTable {
  const defs = new Map<string, MacroDef>();
  for (const node of nodes) {
    if (node.type === "directive" && node.name === "domain-macro") {
      const def = readDefinition(node, diags);
      if (!def) continue;
      const previous = defs.get(def.name);
      if (previous) diags.error(node.valueLoc, `domain-macro "${def.name}" is already defined at ${where(previous.loc)}`);
      else defs.set(def.name, def);
    }
  }
  const resolved = new Map<string, string[] | null>();
  const reportedLoops = new Set<string>();

  function expandName(name: string, chain: string[], loc: SourceLocation): string[] | null {
    const def = defs.get(name);
    if (!def) {
      const hint = didYouMean(closest(name, defs.keys()), (s) => `"$${s}"`);
      diags.error(loc, name === "" ? `expected a macro name after "$"` : `undefined domain-macro "$${name}"${hint}`);
      return null;
    }
    if (chain.includes(name)) {
      const loop = [...chain.slice(chain.indexOf(name)), name];
      if (!reportedLoops.has(name)) {
        loop.forEach((n) => reportedLoops.add(n));
        diags.error(def.loc, `domain-macro loop: ${loop.map((n) => "$" + n).join(" → ")}`);
      }
      return null;
    }
    if (resolved.has(name)) return resolved.get(name)!;
    const out = new Set<string>();
    let failed = false;
    for (const { item, loc: itemLoc } of def.items) {
      const expanded = expandText(item, [...chain, name], itemLoc);
      if (expanded === null) failed = true;
      else expanded.forEach((e) => out.add(e));
    }
    const value = failed ? null : [...out];
    resolved.set(name, value);
    return value;
  }

  function expandText(text: string, chain: string[], loc: SourceLocation): string[] | null {
    let results = [""];
    let last = 0;
    for (const m of text.matchAll(REF)) {
      const literal = text.slice(last, m.index);
      const values = expandName(m[1], chain, shift(loc, m.index ?? 0));
      if (values === null) return null;
      results = results.flatMap((prefix) => values.map((v) => prefix + literal + v));
      if (results.length > MAX_EXPANSIONS) {
        diags.error(loc, `"${text}" expands to more than ${MAX_EXPANSIONS} domains`);
        return null;
      }
      last = (m.index ?? 0) + m[0].length;
    }
    const tail = text.slice(last);
    return results.map((prefix) => prefix + tail);
  }

  for (const def of defs.values()) expandName(def.name, [], def.loc);

  return {
    expand(text, loc) {
      if (!text.includes("$")) return [{ pattern: text, fromMacro: false }];
      const expanded = expandText(text, [], loc);
      return expanded && [...new Set(expanded)].map((pattern) => ({ pattern, fromMacro: true }));
    },
  };
}

function readDefinition(node: DirectiveNode, diags: Diagnostics): MacroDef | null {
  const m = /^(\S+)(?:(\s+)(.*))?$/.exec(node.value);
  if (!m) {
    diags.error(node.valueLoc, "domain-macro needs a name and a list of domains, e.g. domain-macro isp a.com,b.com");
    return null;
  }
  const [, name, space = "", list = ""] = m;
  if (!NAME.test(name)) {
    diags.error(node.valueLoc, `invalid domain-macro name "${name}": use letters, digits and "_" only`);
    return null;
  }
  if (list.trim() === "") {
    diags.error(node.valueLoc, `domain-macro "${name}" has an empty domain list`);
    return null;
  }
  // Columns are kept so that an error points at the entry it concerns.
  const listLoc = shift(node.valueLoc, name.length + space.length);
  const split = splitList(list);
  if (!split.ok) {
    diags.error(shift(listLoc, split.offset ?? 0), split.message);
    return null;
  }
  return {
    name,
    items: split.value.map(({ item, offset }) => ({ item, loc: shift(listLoc, offset) })),
    loc: node.loc,
  };
}

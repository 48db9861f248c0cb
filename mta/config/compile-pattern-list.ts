/**
 * `<pattern-list NAME>` (UG5.0 §3.3.14): ordered rules choosing a VirtualMTA per message; the first
 * rule that matches wins.
 *
 *     mail-from /REGEX/ RESULT          rcpt-to /REGEX/ RESULT
 *     header NAME /REGEX/ RESULT        * RESULT
 *
 * RESULT is one or more of `virtual-mta=NAME` (acted on), `recipient-priority=N` and
 * `call-to:LIST` (checked, then a warning: not acted on yet), separated by commas. A rule may instead
 * open a conditional nested `<pattern-list>` on its own line; that is a warning too. A rule whose
 * results are all not acted on is kept without a VirtualMTA, so that it still matches first (see
 * PatternRule.virtualMta). Regexes are translated to JavaScript by regex.ts.
 */

import type { BlockNode, ConfigNode, DirectiveNode } from "./ast";
import { checkBlock, checkIgnored, directiveFor, warnBlockNotActed } from "./check-names";
import type { ConfigBuilder } from "./compile-blocks";
import { shift, where } from "./diagnostics";
import { parseBlockName, parseHeaderName, parseVirtualMtaName } from "./names";
import { toJsPattern, splitRegex } from "./regex";
import type { PatternRule } from "./types";

type Field = PatternRule["field"];

const FIELDS: ReadonlySet<string> = new Set<Field>(["mail-from", "rcpt-to", "header", "*"]);
const RESULT = /call-to:\s*[^\s,]*|[^\s,]+/g;

/** `<pattern-list NAME>` with its rules. */
export function compilePatternList(b: BlockNode, out: ConfigBuilder): void {
  const name = parseBlockName(b.arg, "pattern-list");
  if (!name.ok) out.diags.error(b.argLoc, b.arg === "" ? "<pattern-list> needs a name, e.g. <pattern-list by-sender>" : name.message);
  const rules: PatternRule[] = [];
  b.children.forEach((node, i) => {
    if (node.type === "block") {
      if (!isConditional(b.children[i - 1], node) && checkBlock(node, "pattern-list", out.diags)) {
        warnBlockNotActed(node, out.diags);
        checkIgnored(node.children, "pattern-list", out.diags);
      }
      return;
    }
    const d = directiveFor(node, "pattern-list", out.diags);
    const next = b.children[i + 1];
    const nested = next?.type === "block" && isConditional(node, next) ? next : undefined;
    const rule = d && FIELDS.has(d.name) ? compileRule(d, nested, out) : null;
    if (rule) rules.push(rule);
  });
  if (!name.ok) return;
  const twin = out.patternLists.find((l) => l.name === name.value);
  if (twin) {
    out.diags.error(b.argLoc, `<pattern-list ${name.value}> is already defined at ${where(twin.origin)}`);
    return;
  }
  out.patternLists.push({ name: name.value, rules, origin: b.loc });
}

/** `mail-from /re/ <pattern-list>`: the lexer splits the line into the rule and the block that follows it. */
function isConditional(prev: ConfigNode | undefined, block: BlockNode): boolean {
  return prev?.type === "directive" && block.tag === "pattern-list" && prev.loc.file === block.loc.file && prev.loc.line === block.loc.line;
}

function compileRule(d: DirectiveNode, nested: BlockNode | undefined, out: ConfigBuilder): PatternRule | null {
  const field = d.name as Field;
  const rule: PatternRule = { field, origin: d.loc };
  let text = d.value;
  let offset = 0;
  if (field === "header") {
    const m = /^(\S+)(\s*)/.exec(text);
    const header = m && !m[1].startsWith("/") ? parseHeaderName(m[1]) : null;
    if (!header?.ok) {
      out.diags.error(d.valueLoc, header?.message ?? "header needs a header name before the /REGEX/, e.g. header x-campaign /^promo/ virtual-mta=bulk");
      return null;
    }
    rule.header = header.value.toLowerCase();
    offset = m![0].length;
    text = text.slice(offset);
  }
  if (field !== "*") {
    const split = splitRegex(text);
    if (!split.ok) {
      out.diags.error(shift(d.valueLoc, offset + (split.offset ?? 0)), `${d.name} ${split.message}`);
      return null;
    }
    const js = toJsPattern(split.value.source);
    if (!js.ok) {
      // At the offending escape or flag when known, otherwise at the opening slash.
      const at = offset + split.value.sourceOffset + (js.offset ?? -1);
      out.diags.error(shift(d.valueLoc, at), js.message);
      return null;
    }
    rule.pattern = js.value;
    offset += split.value.restOffset;
    text = split.value.rest;
  }
  if (nested) {
    out.diags.warning(nested.loc, "a conditional <pattern-list> nested in a rule is a PowerMTA feature Hermod does not act on yet: the rule still matches first, and a message it matches keeps its default VirtualMTA");
    checkIgnored(nested.children, "pattern-list", out.diags);
  }
  return readResults(d, text, offset, rule, nested !== undefined, out) ? rule : null;
}

/** Reads `virtual-mta=NAME, recipient-priority=N, call-to:LIST`; false (after an error) when invalid. */
function readResults(d: DirectiveNode, text: string, offset: number, rule: PatternRule, nested: boolean, out: ConfigBuilder): boolean {
  const results = [...text.matchAll(RESULT)];
  if (results.length === 0 && !nested) {
    out.diags.error(shift(d.valueLoc, Math.min(offset, d.value.length)), `${d.name} needs a result, e.g. virtual-mta=NAME`);
    return false;
  }
  for (const m of results) {
    const at = shift(d.valueLoc, offset + m.index);
    const [key, ...rest] = m[0].split(/[=:]/);
    const value = rest.join("=").trim();
    if (key === "virtual-mta" && m[0].includes("=")) {
      const vmta = parseVirtualMtaName(value);
      if (!vmta.ok || rule.virtualMta !== undefined) {
        out.diags.error(at, vmta.ok ? "a rule selects at most one virtual-mta=" : vmta.message);
        return false;
      }
      rule.virtualMta = vmta.value;
      out.refs.push({ kind: "vmta-or-pool", name: vmta.value, loc: at, by: "virtual-mta=" });
    } else if (key === "recipient-priority" && m[0].includes("=")) {
      if (!/^\d+$/.test(value) || Number(value) > 100) {
        out.diags.error(at, `invalid recipient-priority "${value}": expected a number from 0 to 100`);
        return false;
      }
      out.diags.warning(at, "`recipient-priority=` is a PowerMTA pattern-list result Hermod does not act on yet; ignored");
    } else if (key === "call-to" && m[0].includes(":")) {
      const list = parseBlockName(value, "pattern-list");
      if (!list.ok) {
        out.diags.error(at, value === "" ? "call-to: needs the name of a <pattern-list>" : list.message);
        return false;
      }
      out.refs.push({ kind: "pattern-list", name: list.value, loc: at, by: "call-to:" });
      out.diags.warning(at, "`call-to:` is a PowerMTA pattern-list result Hermod does not act on yet: the rule still matches first, and a message it matches keeps its default VirtualMTA");
    } else {
      out.diags.error(at, `unknown pattern-list result "${m[0]}": expected virtual-mta=NAME, recipient-priority=N or call-to:LIST`);
      return false;
    }
  }
  return true;
}

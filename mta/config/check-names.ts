/**
 * Vocabulary checks shared by the compiler: is this a PowerMTA directive/block at all, and is it in a
 * block where PowerMTA allows it? Unknown or misplaced names are errors (with a did-you-mean); known
 * names Hermod does not act on yet are warnings, never silently dropped.
 */

import { DIRECTIVE_ALIASES, isAlias } from "./aliases";
import type { BlockNode, ConfigNode, DirectiveNode } from "./ast";
import type { Diagnostics } from "./diagnostics";
import { closest, didYouMean } from "./suggest";
import { BLOCKS, contextLabel, DIRECTIVES, type Context } from "./vocabulary";

const tick = (s: string) => `\`${s}\``;

/** "at the top level", "in <domain>". */
const inContext = (c: Context) => (c === "global" ? "at the top level" : `in ${contextLabel(c)}`);

/** "in <domain>, in <virtual-mta> or in <virtual-mta-pool>" */
function placesOf(contexts: Iterable<Context>): string {
  const list = [...contexts].map(inContext);
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`;
}

const blockHint = (name: string, context: Context) =>
  BLOCKS.get(name)?.parents.includes(context) ? ` (<${name}> is a block: write <${name} …> … </${name}>)` : "";

/** True when `d` is a PowerMTA directive valid in `context`; otherwise reports why and returns false. */
export function checkDirective(d: DirectiveNode, context: Context, diags: Diagnostics): boolean {
  const contexts = DIRECTIVES.get(d.name);
  if (!contexts) {
    const suggestion = closest(d.name, DIRECTIVES.keys(), (c) => DIRECTIVES.get(c)!.has(context));
    diags.error(d.loc, `unknown directive ${tick(d.name)}: not a PowerMTA directive${didYouMean(suggestion, tick)}${blockHint(d.name, context)}`);
    return false;
  }
  if (!contexts.has(context)) {
    diags.error(d.loc, `${tick(d.name)} is not valid ${inContext(context)}; it belongs ${placesOf(contexts)}${blockHint(d.name, context)}`);
    return false;
  }
  return true;
}

/**
 * The directive to act on: `d` when it is valid in `context`; for an alias (aliases.ts) `d` renamed to
 * its PowerMTA name, with a warning; otherwise null, after a warning (an alias that is not applied)
 * or an error (an unknown or misplaced name).
 */
export function directiveFor(d: DirectiveNode, context: Context, diags: Diagnostics): DirectiveNode | null {
  const alias = DIRECTIVE_ALIASES.get(d.name)?.get(context);
  if (!alias) return checkDirective(d, context, diags) ? d : null;
  if (alias.applied) {
    diags.warning(d.loc, `${tick(d.name)} is not a PowerMTA directive; read as ${tick(alias.canonical)}, which is what to write instead`);
    return { ...d, name: alias.canonical };
  }
  diags.warning(d.loc, `${tick(d.name)} is not a PowerMTA directive; not acted on. ${alias.why}`);
  return null;
}

/** True when `b` is a PowerMTA block allowed in `context` with the argument it needs. */
export function checkBlock(b: BlockNode, context: Context, diags: Diagnostics): boolean {
  const spec = BLOCKS.get(b.tag);
  if (!spec) {
    const suggestion = closest(b.tag, BLOCKS.keys(), (t) => BLOCKS.get(t)!.parents.includes(context));
    diags.error(b.loc, `unknown block <${b.tag}>: not a PowerMTA block${didYouMean(suggestion, (s) => `<${s}>`)}`);
    return false;
  }
  if (!spec.parents.includes(context)) {
    diags.error(b.loc, `<${b.tag}> is not allowed ${inContext(context)}; it belongs ${placesOf(spec.parents)}`);
    return false;
  }
  if (spec.arg === "required" && b.arg === "") {
    diags.error(b.loc, `<${b.tag}> needs an argument, e.g. <${b.tag} NAME>`);
    return false;
  }
  return true;
}

export function warnNotActed(d: DirectiveNode, diags: Diagnostics): void {
  diags.warning(d.loc, `${tick(d.name)} is a PowerMTA directive Hermod does not act on yet; ignored`);
}

export function warnBlockNotActed(b: BlockNode, diags: Diagnostics): void {
  diags.warning(b.loc, `<${b.tag}> is a PowerMTA block Hermod does not act on yet; ignored with everything in it`);
}

/**
 * Checks the inside of a block Hermod ignores. Only unknown names are errors here: nested blocks must
 * still be where PowerMTA allows them, but directives are only required to exist somewhere in
 * PowerMTA's vocabulary, because Hermod does not interpret them anyway.
 */
export function checkIgnored(nodes: readonly ConfigNode[], context: Context, diags: Diagnostics): void {
  for (const node of nodes) {
    if (node.type === "block") {
      if (checkBlock(node, context, diags) && !BLOCKS.get(node.tag)!.opaque) {
        checkIgnored(node.children, node.tag, diags);
      }
    } else if (!DIRECTIVES.has(node.name) && !isAlias(node.name)) {
      checkDirective(node, context, diags);
    }
  }
}

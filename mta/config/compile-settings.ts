/**
 * The walk shared by every block made of settings (`<source>`, `<domain>`, `<virtual-mta>`,
 * `<virtual-mta-pool>`, `<smtp-user>`): directives in the block's table are applied, aliases are
 * translated (aliases.ts), other PowerMTA directives valid there are warnings, and a setting given twice
 * in one block warns (the later one wins) unless the directive is repeatable.
 */

import type { BlockNode, ConfigNode, DirectiveNode } from "./ast";
import { checkBlock, checkIgnored, directiveFor, warnBlockNotActed, warnNotActed } from "./check-names";
import type { DirectiveHandler } from "./directives";
import { where, type Diagnostics } from "./diagnostics";
import { BLOCKS, type Context } from "./vocabulary";

export interface SettingsSpec<S> {
  context: Context;
  table: Readonly<Record<string, DirectiveHandler<S>>>;
  /** Directives that may be given several times (each adds to a list), e.g. `smtp-source-host`. */
  repeatable?: ReadonlySet<string>;
  /** Compiles a nested block this block acts on (`<domain>` in `<virtual-mta>`); false → ignored with a warning. */
  block?: (b: BlockNode) => boolean;
}

/**
 * Applies `nodes` to `out`. Returns the last directive applied per (PowerMTA) name, so the caller can
 * point at it later, e.g. when a name it references turns out to be undefined.
 */
export function compileSettings<S>(
  nodes: readonly ConfigNode[],
  out: Partial<S>,
  diags: Diagnostics,
  spec: SettingsSpec<S>,
): Map<string, DirectiveNode> {
  const applied = new Map<string, DirectiveNode>();
  for (const node of nodes) {
    if (node.type === "block") {
      if (!checkBlock(node, spec.context, diags) || spec.block?.(node)) continue;
      warnBlockNotActed(node, diags);
      if (!BLOCKS.get(node.tag)!.opaque) checkIgnored(node.children, node.tag, diags);
      continue;
    }
    const d = directiveFor(node, spec.context, diags);
    if (!d) continue;
    const handler = spec.table[d.name];
    if (!handler) {
      warnNotActed(d, diags);
      continue;
    }
    const first = applied.get(d.name);
    if (first && !spec.repeatable?.has(d.name)) {
      diags.warning(d.loc, `\`${d.name}\` is already set in this block at ${where(first.loc)}; the last one wins`);
    }
    applied.set(d.name, d);
    handler(d, out, diags);
  }
  return applied;
}

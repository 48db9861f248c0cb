/**
 * `<bounce-category-patterns>` (UG5.0 §10.8): `/REGEX/ category` lines that decide the `bounceCat`
 * accounting field, tried in file order before the default patterns; the first match wins.
 *
 *     /mailbox (is )?full/ quota-issues
 *     // other
 *
 * Regexes follow the `<pattern-list>` rules (regex.ts). The category is PowerMTA's 17 (powermta.md §3)
 * or `success`; PowerMTA allows new names, so any `[a-z0-9-]+` is accepted, with a warning for one it
 * does not know (usually a typo, and the console's bounce reports group by the known ones).
 */

import type { BlockNode, DirectiveNode } from "./ast";
import { checkBlock } from "./check-names";
import type { ConfigBuilder } from "./compile-blocks";
import { shift } from "./diagnostics";
import { toJsPattern } from "./regex";
import { PATTERN_CATEGORIES } from "../bounce/categories";
import { closest, didYouMean } from "./suggest";

/** PowerMTA's bounce categories (UG5.0 §11.6) and `success`, used by the default patterns for 2.x.x replies. */
export const KNOWN_BOUNCE_CATEGORIES: ReadonlySet<string> = new Set(PATTERN_CATEGORIES);

const CATEGORY = /^[a-z0-9-]+$/;
const EXAMPLE = "e.g. /mailbox (is )?full/ quota-issues";

/** `<bounce-category-patterns>`; PowerMTA's block has no name. */
export function compileBounceCategoryPatterns(b: BlockNode, out: ConfigBuilder): void {
  if (b.arg !== "") out.diags.warning(b.argLoc, `<bounce-category-patterns> takes no name; "${b.arg}" is ignored`);
  for (const node of b.children) {
    if (node.type === "block") checkBlock(node, "bounce-category-patterns", out.diags);
    else addPattern(node, out);
  }
}

function addPattern(d: DirectiveNode, out: ConfigBuilder): void {
  if (d.name.length < 2 || !d.name.startsWith("/") || !d.name.endsWith("/")) {
    out.diags.error(d.loc, `expected /REGEX/ CATEGORY in <bounce-category-patterns>, ${EXAMPLE}`);
    return;
  }
  const js = toJsPattern(d.name.slice(1, -1));
  if (!js.ok) {
    out.diags.error(shift(d.loc, 1 + (js.offset ?? -1)), js.message);
    return;
  }
  const [word, extra] = d.words;
  if (!word || extra) {
    out.diags.error(extra ? { ...d.loc, col: extra.col } : d.valueLoc, `expected one bounce category after the /REGEX/, ${EXAMPLE}`);
    return;
  }
  const category = word.text.toLowerCase();
  if (!CATEGORY.test(category)) {
    out.diags.error({ ...d.loc, col: word.col }, `invalid bounce category "${word.text}": use letters, digits and "-", e.g. quota-issues`);
    return;
  }
  if (!KNOWN_BOUNCE_CATEGORIES.has(category)) {
    out.diags.warning(
      { ...d.loc, col: word.col },
      `"${category}" is not one of PowerMTA's bounce categories${didYouMean(closest(category, KNOWN_BOUNCE_CATEGORIES))}; ` +
        "PowerMTA accepts new names, but the console's bounce reports group by the known ones",
    );
  }
  out.bounceCategoryPatterns.push({ pattern: js.value, category, origin: d.loc });
}

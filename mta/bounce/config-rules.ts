/**
 * `<bounce-category-patterns>` from the config as classifier rules, compiled once per config. They
 * are consulted before PowerMTA's defaults (classify.ts).
 */

import type { MtaConfig } from "../config/types";
import type { BounceCategory } from "./categories";
import type { BounceRule } from "./classify";

const compiled = new WeakMap<MtaConfig, readonly BounceRule[]>();

export function bounceRulesOf(config: MtaConfig): readonly BounceRule[] {
  let rules = compiled.get(config);
  if (!rules) {
    rules = config.bounceCategoryPatterns.map((p) => ({
      pattern: new RegExp(p.pattern.source, p.pattern.flags.replace(/[gy]/g, "")),
      // New category names are allowed in PowerMTA; they are reported as written.
      category: p.category as BounceCategory,
    }));
    compiled.set(config, rules);
  }
  return rules;
}

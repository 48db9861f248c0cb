/**
 * `<smtp-pattern-list>`: remote replies matched against `reply /REGEX/ ACTIONS` rules, first match
 * wins (UG §3.3.15). Policy is the rule list in the config; this only evaluates it. Regexes are
 * compiled once per rule.
 */

import type { MtaConfig, SmtpPatternAction, SmtpPatternListConfig } from "../config/types";

type CompiledRule = { regex: RegExp; action: SmtpPatternAction };

const compiled = new WeakMap<SmtpPatternListConfig, CompiledRule[]>();
const byName = new WeakMap<MtaConfig, Map<string, SmtpPatternListConfig>>();

function rulesOf(list: SmtpPatternListConfig): CompiledRule[] {
  let rules = compiled.get(list);
  if (!rules) {
    rules = list.rules.map((r) => ({ regex: new RegExp(r.pattern.source, r.pattern.flags.replace(/[gy]/g, "")), action: r.action }));
    compiled.set(list, rules);
  }
  return rules;
}

/** The action of the first rule of list `name` matching `reply`; undefined without a match or list. */
export function matchReply(config: MtaConfig, name: string | undefined, reply: string): SmtpPatternAction | undefined {
  if (!name) return undefined;
  let lists = byName.get(config);
  if (!lists) {
    lists = new Map(config.smtpPatternLists.map((l) => [l.name, l]));
    byName.set(config, lists);
  }
  const list = lists.get(name) ?? lists.get(name.toLowerCase());
  if (!list) return undefined;
  // Replies are matched on one line, as PowerMTA logs them.
  const line = reply.replace(/\r?\n/g, " ");
  return rulesOf(list).find((r) => r.regex.test(line))?.action;
}

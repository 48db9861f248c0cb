/**
 * Choosing the VirtualMTA for a message (UG5.0 §8.4), as pure functions over the compiled config:
 *
 *   1. the `X-Virtual-MTA` header, when the source has `process-x-virtual-mta yes`;
 *   2. the first matching rule of the source's `<pattern-list>` that names a VirtualMTA;
 *   3. the source's `default-virtual-mta` (a named source chosen by the listener or by SMTP AUTH has
 *      already overridden the IP-based one in `resolveSource`);
 *   4. otherwise none: PowerMTA's `{default}` VirtualMTA.
 *
 * (PowerMTA's mail-merge `*vmta` variable, above all of these, is not supported.) Regexes are compiled
 * once per rule and cached beside the frozen config.
 */

import type { MtaConfig, PatternListConfig, PatternRule, SourceSettings } from "./types";

/** What a pattern list is matched against. */
export interface PatternSubject {
  /** Envelope sender (MAIL FROM) without angle brackets; "" for the null sender. */
  mailFrom: string;
  /** Envelope recipient (RCPT TO). PowerMTA applies the first recipient's match to the whole message. */
  rcptTo: string;
  /** The whole value of a header (name given lower-cased), or undefined when the message has none. */
  header(name: string): string | undefined;
}

export interface VirtualMtaChoice {
  /** A VirtualMTA or pool name, lower-cased. From a header it may name neither: check with `resolveVirtualMta`. */
  name: string;
  via: "header" | "pattern-list" | "source";
}

const regexes = new WeakMap<PatternRule, RegExp>();
const listsByName = new WeakMap<MtaConfig, Map<string, PatternListConfig>>();

function regexOf(rule: PatternRule): RegExp | null {
  if (!rule.pattern) return null;
  let re = regexes.get(rule);
  if (!re) {
    re = new RegExp(rule.pattern.source, rule.pattern.flags);
    regexes.set(rule, re);
  }
  return re;
}

function listNamed(config: MtaConfig, name: string): PatternListConfig | undefined {
  let byName = listsByName.get(config);
  if (!byName) {
    byName = new Map(config.patternLists.map((l) => [l.name, l]));
    listsByName.set(config, byName);
  }
  return byName.get(name);
}

function matches(rule: PatternRule, subject: PatternSubject): boolean {
  if (rule.field === "*") return true;
  const re = regexOf(rule);
  const text = rule.field === "mail-from" ? subject.mailFrom : rule.field === "rcpt-to" ? subject.rcptTo : subject.header(rule.header ?? "");
  return re !== null && text !== undefined && re.test(text);
}

/** The first rule of the pattern list `listName` that matches; undefined when none does or there is no such list. O(rules). */
export function matchPatternList(config: MtaConfig, listName: string, subject: PatternSubject): PatternRule | undefined {
  return listNamed(config, listName)?.rules.find((rule) => matches(rule, subject));
}

/**
 * The VirtualMTA (or pool) for a message from a source with settings `source`, by the precedence above;
 * undefined means `{default}`. An empty `X-Virtual-MTA` header counts as absent. A matching pattern
 * rule that names no VirtualMTA (its results are not acted on yet) ends the pattern-list step.
 */
export function chooseVirtualMta(config: MtaConfig, source: SourceSettings, subject: PatternSubject): VirtualMtaChoice | undefined {
  if (source.processXVirtualMta) {
    const header = subject.header("x-virtual-mta")?.trim();
    if (header) return { name: header.toLowerCase(), via: "header" };
  }
  if (source.patternList !== undefined) {
    const rule = matchPatternList(config, source.patternList, subject);
    if (rule?.virtualMta !== undefined) return { name: rule.virtualMta, via: "pattern-list" };
  }
  if (source.defaultVirtualMta !== undefined) return { name: source.defaultVirtualMta, via: "source" };
  return undefined;
}

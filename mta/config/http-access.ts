/**
 * Who may use the management service: the level of the first `http-access` rule whose CIDR holds the
 * client's address (PowerMTA's ordered list), `none` when no rule does. An IPv4 client seen through a
 * dual-stack socket (`::ffff:127.0.0.1`) matches the IPv4 rules.
 */

import { cidrContains, parseCidr, type Cidr } from "./cidr";
import type { HttpAccessLevel, HttpMgmtConfig } from "./types";

/** Parsed rules per access list (a compiled config is frozen, so its list is a stable key). */
const parsedLists = new WeakMap<HttpMgmtConfig["access"], { cidr: Cidr | null; level: HttpAccessLevel }[]>();

function parsedRules(access: HttpMgmtConfig["access"]) {
  let rules = parsedLists.get(access);
  if (!rules) {
    rules = access.map((a) => {
      const cidr = parseCidr(a.cidr);
      return { cidr: cidr.ok ? cidr.value : null, level: a.level };
    });
    parsedLists.set(access, rules);
  }
  return rules;
}

export function httpAccessLevel(access: HttpMgmtConfig["access"], ip: string): HttpAccessLevel {
  for (const rule of parsedRules(access)) {
    if (rule.cidr && cidrContains(rule.cidr, ip)) return rule.level;
  }
  return "none";
}

/**
 * `<smtp-pattern-list NAME>` (UG5.0 §3.3.15; 5.0r5 adds `backoff-to-normal-after=`): ordered rules
 * matched against the replies of remote SMTP servers, the first match wins. A `<domain>` names the
 * list it uses with `smtp-pattern-list NAME`.
 *
 *     reply /REGEX/ ACTION[,ACTION…]
 *
 * ACTION is `mode=backoff`, `mode=normal`, `backoff-to-normal-after=T`, `disable-source-ip`,
 * `reenable-after=T`, `skip-mx`, `bounce-rcpt`, `bounce-queue` or `defer-queue`. The combinations
 * PowerMTA forbids are errors (powermta.md §1.5): both modes, `skip-mx` with `bounce-queue`,
 * `reenable-after` without a preceding `disable-source-ip`, an action given twice, and
 * `backoff-to-normal-after` without `mode=backoff`. Regexes follow the `<pattern-list>` rules
 * (regex.ts): case-insensitive unless they start with `(?-i)`, PCRE-only constructs refused.
 */

import type { BlockNode, DirectiveNode } from "./ast";
import { checkBlock, directiveFor } from "./check-names";
import type { ConfigBuilder } from "./compile-blocks";
import { shift, where, type Diagnostics } from "./diagnostics";
import { parseBlockName } from "./names";
import { splitRegex, toJsPattern } from "./regex";
import { closest, didYouMean } from "./suggest";
import type { SmtpPatternAction, SmtpPatternListConfig, SourceLocation } from "./types";
import { parseInterval, splitList } from "./units";

type Rule = SmtpPatternListConfig["rules"][number];

/** Action keywords, as written before any `=`. */
const ACTIONS = [
  "mode",
  "backoff-to-normal-after",
  "disable-source-ip",
  "reenable-after",
  "skip-mx",
  "bounce-rcpt",
  "bounce-queue",
  "defer-queue",
] as const;

type Keyword = (typeof ACTIONS)[number];

const FLAGS = {
  "disable-source-ip": "disableSourceIp",
  "skip-mx": "skipMx",
  "bounce-rcpt": "bounceRcpt",
  "bounce-queue": "bounceQueue",
  "defer-queue": "deferQueue",
} as const satisfies Partial<Record<Keyword, keyof SmtpPatternAction>>;

const ACTION_HINT =
  "expected mode=backoff, mode=normal, backoff-to-normal-after=T, disable-source-ip, reenable-after=T, skip-mx, bounce-rcpt, bounce-queue or defer-queue";

/** `<smtp-pattern-list NAME>` with its `reply` rules. */
export function compileSmtpPatternList(b: BlockNode, out: ConfigBuilder): void {
  const name = parseBlockName(b.arg, "smtp-pattern-list");
  if (!name.ok) out.diags.error(b.argLoc, name.message);
  const rules: Rule[] = [];
  for (const node of b.children) {
    // No block may be nested here; checkBlock reports it.
    if (node.type === "block") checkBlock(node, "smtp-pattern-list", out.diags);
    else if (directiveFor(node, "smtp-pattern-list", out.diags)?.name === "reply") {
      const rule = compileReply(node, out.diags);
      if (rule) rules.push(rule);
    }
  }
  if (!name.ok) return;
  const twin = out.smtpPatternLists.find((l) => l.name === name.value);
  if (twin) {
    out.diags.error(b.argLoc, `<smtp-pattern-list ${name.value}> is already defined at ${where(twin.origin)}`);
    return;
  }
  out.smtpPatternLists.push({ name: name.value, rules, origin: b.loc });
}

function compileReply(d: DirectiveNode, diags: Diagnostics): Rule | null {
  const split = splitRegex(d.value);
  if (!split.ok) {
    diags.error(shift(d.valueLoc, split.offset ?? 0), `reply ${split.message}`);
    return null;
  }
  const js = toJsPattern(split.value.source);
  if (!js.ok) {
    // At the offending escape or flag when known, otherwise at the opening slash.
    diags.error(shift(d.valueLoc, split.value.sourceOffset + (js.offset ?? -1)), js.message);
    return null;
  }
  const action = readActions(split.value.rest, shift(d.valueLoc, split.value.restOffset), diags);
  return action && { pattern: js.value, action, origin: d.loc };
}

/** Reads `mode=backoff, defer-queue`; null (after an error) when an action or a combination is invalid. */
function readActions(text: string, at: SourceLocation, diags: Diagnostics): SmtpPatternAction | null {
  if (text.trim() === "") {
    diags.error(shift(at, text.length), `reply needs an action after the /REGEX/: ${ACTION_HINT}`);
    return null;
  }
  const items = splitList(text);
  if (!items.ok) {
    diags.error(shift(at, items.offset ?? 0), items.message);
    return null;
  }
  const action: SmtpPatternAction = {};
  const seen = new Map<Keyword, SourceLocation>();
  for (const { item, offset } of items.value) {
    const loc = shift(at, offset);
    const problem = applyAction(item, action, seen);
    if (problem) {
      diags.error(loc, problem);
      return null;
    }
    seen.set(item.split("=")[0].trim().toLowerCase() as Keyword, loc);
  }
  if (action.backoffToNormalAfter !== undefined && action.mode !== "backoff") {
    diags.error(seen.get("backoff-to-normal-after")!, "backoff-to-normal-after= needs mode=backoff in the same rule");
    return null;
  }
  return action;
}

/** Applies one action to `action`; returns what is wrong with it, or null. */
function applyAction(item: string, action: SmtpPatternAction, seen: ReadonlyMap<Keyword, SourceLocation>): string | null {
  const eq = item.indexOf("=");
  const keyword = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? null : item.slice(eq + 1).trim();
  if (!(ACTIONS as readonly string[]).includes(keyword)) {
    return `unknown smtp-pattern-list action "${item}"${didYouMean(closest(keyword, ACTIONS))}: ${ACTION_HINT}`;
  }
  const k = keyword as Keyword;
  const takesValue = k === "mode" || k === "backoff-to-normal-after" || k === "reenable-after";
  if (takesValue !== (value !== null)) return takesValue ? `${k} needs a value: ${k === "mode" ? "mode=backoff or mode=normal" : `${k}=1h`}` : `${k} takes no value`;
  if (seen.has(k)) {
    return k === "mode" && action.mode !== value?.toLowerCase()
      ? "mode=backoff and mode=normal cannot be combined in one rule"
      : `${k} is already given in this rule (at column ${seen.get(k)!.col})`;
  }
  if (k === "mode") {
    const mode = value!.toLowerCase();
    if (mode !== "backoff" && mode !== "normal") return `invalid mode "${value}": expected mode=backoff or mode=normal`;
    action.mode = mode;
  } else if (k === "backoff-to-normal-after" || k === "reenable-after") {
    const ms = parseInterval(value!);
    if (!ms.ok) return ms.message;
    if (ms.value === 0) return `${k}= must be greater than 0`;
    if (k === "reenable-after" && !action.disableSourceIp) return "reenable-after= must follow disable-source-ip in the same rule";
    if (k === "reenable-after") action.reenableAfter = ms.value;
    else action.backoffToNormalAfter = ms.value;
  } else {
    if ((k === "skip-mx" && action.bounceQueue) || (k === "bounce-queue" && action.skipMx)) return "skip-mx and bounce-queue cannot be combined in one rule";
    action[FLAGS[k]] = true;
  }
  return null;
}

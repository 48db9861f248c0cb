/**
 * `<feedback-loop-processor>` and `<bounce-processor>` (UG5.0 §3.3.3-4, §12.6-7): mail to the addresses
 * of the nested unnamed `<address-list>` is accepted from anyone and handed to the processor instead of
 * being delivered. `deliver-matched-email` (default no), `deliver-unmatched-email` (default yes),
 * `forward-unmatched-to ADDR` and `forward-errors-to ADDR` say what happens to the mail afterwards.
 * In the list, `address` takes a full address, a local part (any domain) or a `/regex/` matched against
 * the whole address, and `domain` a domain; `address-file` is not acted on yet.
 */

import type { BlockNode, DirectiveNode } from "./ast";
import { checkBlock, directiveFor, warnNotActed } from "./check-names";
import type { ConfigBuilder } from "./compile-blocks";
import { compileSettings } from "./compile-settings";
import { setting, type DirectiveHandler } from "./directive-value";
import { shift, where } from "./diagnostics";
import { normalizeDomain } from "./domain-pattern";
import { splitRegex, toJsPattern } from "./regex";
import { fromParser } from "./schema";
import type { ProcessorAddress, ProcessorConfig, ProcessorKind } from "./types";
import { parseBoolean } from "./units";

type Draft = Omit<ProcessorConfig, "kind" | "addresses" | "origin">;

export const PROCESSOR_DEFAULTS: Readonly<Pick<ProcessorConfig, "deliverMatchedEmail" | "deliverUnmatchedEmail">> = {
  deliverMatchedEmail: false,
  deliverUnmatchedEmail: true,
};

const forwardTo =
  (key: "forwardUnmatchedTo" | "forwardErrorsTo"): DirectiveHandler<Draft> =>
  (d, out, diags) => {
    const address = readMailbox(d.value);
    if (address === null) return diags.error(d.valueLoc, `${d.name} takes one address, user@domain (got "${d.value}")`);
    out[key] = address;
  };

const TABLE: Readonly<Record<string, DirectiveHandler<Draft>>> = {
  "deliver-matched-email": setting("deliverMatchedEmail", fromParser(parseBoolean)),
  "deliver-unmatched-email": setting("deliverUnmatchedEmail", fromParser(parseBoolean)),
  "forward-unmatched-to": forwardTo("forwardUnmatchedTo"),
  "forward-errors-to": forwardTo("forwardErrorsTo"),
};

/**
 * The processors compiled so far, per compile (keyed by its builder), kept beside ConfigBuilder so the
 * builder every other block compiler shares stays as it is.
 */
const built = new WeakMap<ConfigBuilder, ProcessorConfig[]>();

/** The processors compiled so far into `out` (empty when there are none). */
export function processorsOf(out: ConfigBuilder): ProcessorConfig[] {
  return built.get(out) ?? [];
}

export function compileFeedbackLoopProcessor(b: BlockNode, out: ConfigBuilder): void {
  compileProcessor(b, out, "feedback-loop");
}

export function compileBounceProcessor(b: BlockNode, out: ConfigBuilder): void {
  compileProcessor(b, out, "bounce");
}

function compileProcessor(b: BlockNode, out: ConfigBuilder, kind: ProcessorKind): void {
  const { diags } = out;
  if (b.arg !== "") diags.warning(b.argLoc, `<${b.tag}> takes no name; "${b.arg}" is ignored`);
  const draft: Partial<Draft> = {};
  const addresses: ProcessorAddress[] = [];
  let lists = 0;
  const errorsBefore = diags.list.filter((x) => x.severity === "error").length;
  compileSettings(b.children, draft, diags, {
    context: b.tag === "bounce-processor" ? "bounce-processor" : "feedback-loop-processor",
    table: TABLE,
    block: (inner) => {
      if (inner.tag !== "address-list") return false;
      if (inner.arg !== "") diags.error(inner.argLoc, `the <address-list> inside <${b.tag}> is unnamed: write <address-list> without "${inner.arg}"`);
      lists++;
      compileAddressList(inner, addresses, out);
      return true;
    },
  });
  if (addresses.length === 0) {
    // An address list whose every line was wrong has been reported already.
    const listFailed = lists > 0 && diags.list.filter((x) => x.severity === "error").length > errorsBefore;
    if (listFailed) return;
    diags.error(b.loc, `<${b.tag}> needs an <address-list> with at least one \`address\` or \`domain\` line (the addresses whose mail it processes)`);
    return;
  }
  const all = processorsOf(out);
  for (const other of all) {
    for (const a of addresses) {
      if (a.kind !== "regex" && other.addresses.some((o) => o.kind === a.kind && o.value === a.value)) {
        diags.warning(b.loc, `${a.kind} ${a.value} is also in the <${other.kind}-processor> at ${where(other.origin)}; that one is used`);
      }
    }
  }
  built.set(out, [...all, { kind, ...PROCESSOR_DEFAULTS, ...draft, addresses, origin: b.loc }]);
}

function compileAddressList(b: BlockNode, into: ProcessorAddress[], out: ConfigBuilder): void {
  const { diags } = out;
  for (const node of b.children) {
    if (node.type === "block") {
      checkBlock(node, "address-list", diags);
      continue;
    }
    const d = directiveFor(node, "address-list", diags);
    if (!d) continue;
    if (d.name === "address") addAddress(d, into, out);
    else if (d.name === "domain") {
      const domain = normalizeDomain(d.value);
      if (domain === null) diags.error(d.valueLoc, `domain takes one domain name, e.g. fbl.example.com (got "${d.value}")`);
      else into.push({ kind: "domain", value: domain });
    } else warnNotActed(d, diags);
  }
}

function addAddress(d: DirectiveNode, into: ProcessorAddress[], out: ConfigBuilder): void {
  const { diags } = out;
  const value = d.value.trim();
  if (value === "") return void diags.error(d.loc, "address needs a value: user@domain, a local part, or /REGEX/");
  if (value.startsWith("/")) {
    const split = splitRegex(value);
    if (!split.ok) return void diags.error(shift(d.valueLoc, split.offset ?? 0), split.message);
    if (split.value.rest.trim() !== "") {
      return void diags.error(shift(d.valueLoc, split.value.restOffset), `unexpected "${split.value.rest.trim()}" after the regular expression`);
    }
    const pattern = toJsPattern(split.value.source);
    if (!pattern.ok) return void diags.error(shift(d.valueLoc, split.value.sourceOffset + (pattern.offset ?? 0)), pattern.message);
    into.push({ kind: "regex", source: pattern.value.source, flags: pattern.value.flags });
    return;
  }
  if (value.includes("@")) {
    const address = readMailbox(value);
    if (address === null) return void diags.error(d.valueLoc, `invalid address "${value}": expected user@domain, a local part, or /REGEX/`);
    into.push({ kind: "address", value: address });
    return;
  }
  if (/[\s<>(),;:\\"[\]]/.test(value)) return void diags.error(d.valueLoc, `invalid local part "${value}": expected user@domain, a local part, or /REGEX/`);
  into.push({ kind: "local-part", value: value.toLowerCase() });
}

/** `user@domain` with the domain normalised (A-label, lower case) and the local part lower-cased; null when malformed. */
function readMailbox(text: string): string | null {
  const m = /^([^\s@<>]+)@([^\s@<>]+)$/.exec(text.trim());
  const domain = m && normalizeDomain(m[2]);
  return m && domain ? `${m[1].toLowerCase()}@${domain}` : null;
}

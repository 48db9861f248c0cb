/**
 * `<mx-rollup-list>` (UG5.0 §10.17): destination domains whose lowest-preference MX hosts match a rule
 * share one queue (one set of limits), named by the rule.
 *
 *     mx MX-PATTERN NAME.rollup [rollup-by-ip]
 *
 * MX-PATTERN is a host name or a wildcard (`*.hotmail.com`, `[*.]hotmail.com`); NAME must end in
 * `.rollup`, as PowerMTA requires. A wildcard rule without `rollup-by-ip` cannot infer where to
 * deliver, so PowerMTA needs `smtp-hosts` in `<domain NAME>`: a warning when it is missing. The
 * rules of every `<mx-rollup-list>` block are kept in file order; matching is the engine's.
 */

import type { BlockNode, DirectiveNode } from "./ast";
import { checkBlock, directiveFor } from "./check-names";
import type { ConfigBuilder } from "./compile-blocks";
import { shift, where } from "./diagnostics";
import { DomainIndex } from "./domain-index";
import { formatDomainPattern, normalizeDomain, parseDomainPattern } from "./domain-pattern";
import type { MxRollupRule } from "./types";

const ROLLUP_BY_IP = "rollup-by-ip";

/** `<mx-rollup-list>` with its `mx` rules; PowerMTA's list has no name. */
export function compileMxRollupList(b: BlockNode, out: ConfigBuilder): void {
  if (b.arg !== "") out.diags.warning(b.argLoc, `<mx-rollup-list> takes no name; "${b.arg}" is ignored`);
  for (const node of b.children) {
    if (node.type === "block") checkBlock(node, "mx-rollup-list", out.diags);
    else if (directiveFor(node, "mx-rollup-list", out.diags)?.name === "mx") addRule(node, out);
  }
}

function addRule(d: DirectiveNode, out: ConfigBuilder): void {
  const [mx, name, option, extra] = d.words;
  const at = (col: number) => ({ ...d.loc, col });
  if (!mx || !name || extra || (option && option.text.toLowerCase() !== ROLLUP_BY_IP)) {
    const bad = extra ?? option;
    const unexpected = bad ? `unexpected "${bad.text}": ` : "";
    out.diags.error(bad ? at(bad.col) : d.valueLoc, `${unexpected}mx takes MX-PATTERN NAME.rollup [rollup-by-ip], e.g. mx *.mail.protection.outlook.com outlook.rollup`);
    return;
  }
  const pattern = parseDomainPattern(mx.text);
  if (!pattern.ok) {
    out.diags.error(shift(at(mx.col), pattern.offset ?? 0), pattern.message);
    return;
  }
  const kind = pattern.value.kind;
  if (kind === "any" || kind === "ip-literal" || kind === "reserved") {
    out.diags.error(at(mx.col), `invalid MX pattern "${mx.text}": expected a host name or a wildcard such as *.hotmail.com`);
    return;
  }
  const rollup = normalizeDomain(name.text);
  if (rollup === null || !rollup.endsWith(".rollup")) {
    // `bad..rollup` does end in .rollup: say what is wrong with it instead.
    const why = rollup === null ? "expected a domain-style name" : "PowerMTA requires a name";
    out.diags.error(at(name.col), `invalid rollup queue name "${name.text}": ${why} ending in .rollup, e.g. hotmail.rollup`);
    return;
  }
  const rule: MxRollupRule = { mxPattern: formatDomainPattern(pattern.value), name: rollup, byIp: option !== undefined, origin: d.loc };
  const twin = out.mxRollups.find((r) => r.mxPattern === rule.mxPattern && r.byIp === rule.byIp);
  if (twin && twin.name !== rule.name) {
    out.diags.error(at(mx.col), `MX ${rule.mxPattern} is already rolled up into ${twin.name} at ${where(twin.origin)}`);
    return;
  }
  if (twin) out.diags.warning(d.loc, `mx ${rule.mxPattern} ${rule.name} is already listed at ${where(twin.origin)}; ignored`);
  else out.mxRollups.push(rule);
}

/**
 * A wildcard rule without `rollup-by-ip` needs `smtp-hosts` in the rollup queue's top-level `<domain>`
 * (UG5.0 §10.17); warns once per rollup queue that has none. Run once the whole file is read.
 */
export function checkRollupRoutes(out: ConfigBuilder): void {
  const domains = new DomainIndex(out.domains, 0);
  const warned = new Set<string>();
  for (const rule of out.mxRollups) {
    if (rule.byIp || !rule.mxPattern.includes("*") || warned.has(rule.name)) continue;
    if (domains.resolve(rule.name).smtpHosts !== null) continue;
    warned.add(rule.name);
    out.diags.warning(
      rule.origin,
      `${rule.name} rolls up a wildcard MX pattern, so Hermod cannot tell where to deliver it: ` +
        `set smtp-hosts in <domain ${rule.name}>, or add rollup-by-ip to route each domain to its own MX hosts (UG5.0 §10.17)`,
    );
  }
}

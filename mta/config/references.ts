/**
 * Names one block uses to refer to another, checked once the whole file (with its includes) is read,
 * so definitions may come in any order. PowerMTA wants a `<pattern-list>` defined before the `<source>`
 * that uses it; Hermod accepts either order, which never changes the meaning.
 */

import type { ConfigBuilder } from "./compile-blocks";
import { closest, didYouMean } from "./suggest";
import type { SourceLocation } from "./types";

export interface Reference {
  /**
   * What must exist: a VirtualMTA (pool members, `cold-virtual-mta`), a VirtualMTA or pool, a pattern
   * list, an SMTP pattern list, a named source.
   */
  kind: "virtual-mta" | "vmta-or-pool" | "pattern-list" | "smtp-pattern-list" | "source";
  /** As stored in the config (VirtualMTA and pool names lower-cased). */
  name: string;
  loc: SourceLocation;
  /** The directive that refers, for the message: `default-virtual-mta`, `virtual-mta=`, `source` … */
  by: string;
  /** For pool members: the pool. */
  pool?: string;
}

/** Reports every reference to an undefined (or wrong kind of) block, with a did-you-mean. */
export function checkReferences(out: ConfigBuilder): void {
  const vmtas = new Set(out.virtualMtas.map((v) => v.name));
  const pools = new Set(out.pools.map((p) => p.name));
  const lists = new Set(out.patternLists.map((l) => l.name));
  const smtpLists = new Set(out.smtpPatternLists.map((l) => l.name));
  const sources = new Set(out.sources.flatMap((s) => (s.match.kind === "name" ? [s.match.name] : [])));
  const hint = (name: string, names: Iterable<string>) => didYouMean(closest(name, names));

  for (const ref of out.refs) {
    const { name, loc } = ref;
    const by = /[=:]$/.test(ref.by) ? ref.by : `${ref.by} `;
    if (ref.kind === "virtual-mta" && !vmtas.has(name)) {
      const what = ref.pool === undefined ? `${ref.by} must name a VirtualMTA` : "a pool's members must be VirtualMTAs";
      const why = pools.has(name)
        ? `"${name}" is a <virtual-mta-pool>; ${what}`
        : `no <virtual-mta ${name}> is defined${hint(name, vmtas)}`;
      out.diags.error(loc, `${by}${name}: ${why}`);
    } else if (ref.kind === "vmta-or-pool" && !vmtas.has(name) && !pools.has(name)) {
      out.diags.error(loc, `${by}${name}: no <virtual-mta ${name}> or <virtual-mta-pool ${name}> is defined${hint(name, [...vmtas, ...pools])}`);
    } else if (ref.kind === "pattern-list" && !lists.has(name)) {
      out.diags.error(loc, `${by}${name}: no <pattern-list ${name}> is defined${hint(name, lists)}`);
    } else if (ref.kind === "smtp-pattern-list" && !smtpLists.has(name)) {
      out.diags.error(loc, `${by}${name}: no <smtp-pattern-list ${name}> is defined${hint(name, smtpLists)}`);
    } else if (ref.kind === "source" && !sources.has(name)) {
      out.diags.error(loc, `${by}${name}: no <source ${name}> is defined${hint(name, sources)}`);
    }
  }
  checkPoolDomains(out);
}

/**
 * A VirtualMTA inherits the `<domain>` blocks of its pool, so it may belong to at most one pool that
 * has any: "It is an error to define a VMTA in 2 different pools which have <domain> definitions inside
 * them" (UG5.0 §3.3.13.2).
 */
function checkPoolDomains(out: ConfigBuilder): void {
  const withDomains = new Set(out.pools.filter((p) => p.domains.length > 0).map((p) => p.name));
  const inheritsFrom = new Map<string, string>();
  for (const ref of out.refs) {
    if (ref.kind !== "virtual-mta" || ref.pool === undefined || !withDomains.has(ref.pool)) continue;
    const first = inheritsFrom.get(ref.name);
    if (first === undefined) inheritsFrom.set(ref.name, ref.pool);
    else if (first !== ref.pool) {
      out.diags.error(
        ref.loc,
        `VirtualMTA ${ref.name} is in <virtual-mta-pool ${first}> and <virtual-mta-pool ${ref.pool}>, which both have <domain> blocks: ` +
          "PowerMTA does not allow this, since the VirtualMTA could not tell which pool's settings to inherit",
      );
    }
  }
}

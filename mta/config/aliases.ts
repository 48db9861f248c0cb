/**
 * Names that are not PowerMTA directives but turn up in configs pasted from articles and forum posts.
 * Each is accepted with a warning that names the PowerMTA directive to write instead; what Hermod does
 * with it is decided here, per block, as data:
 *
 * - `applied`: the meaning is unambiguous, so the line is read as the canonical directive
 *   (`require-tls` in `<domain>` is `require-starttls`; `helo-host` in `<virtual-mta>` is `host-name`).
 * - not applied: PowerMTA has no such setting in that block, so any reading would be a guess. The line
 *   stays in the file (and in an export) and the warning explains where the setting really lives, but
 *   nothing is acted on and its value is not checked (a `vmta` naming an undefined VirtualMTA is not
 *   an error).
 */

import type { Context } from "./vocabulary";

export interface DirectiveAlias {
  /** The PowerMTA directive to write instead. */
  canonical: string;
  /** True: read as `canonical`. False: recorded as a warning only. */
  applied: boolean;
  /** For aliases that are not applied: why, and where the setting lives in PowerMTA. */
  why?: string;
}

const VMTA_IN_DOMAIN =
  "PowerMTA has no per-domain VirtualMTA selection: a VirtualMTA is chosen per message by the source " +
  "(`default-virtual-mta`), a <pattern-list> or the X-Virtual-MTA header, and a <domain> block placed inside " +
  "<virtual-mta NAME> gives that VirtualMTA its own settings for the domain. To send all of a domain's mail " +
  "through one VirtualMTA, PowerMTA's directive is `reroute-to-virtual-mta` (Hermod does not act on it yet)";

const HELO_IN_DOMAIN =
  "PowerMTA has no per-domain HELO name: it is set per VirtualMTA (`host-name`, or the name in " +
  "`smtp-source-host IP NAME`) or globally (`host-name`)";

/** Alias name → the blocks it is accepted in → what it means there. */
export const DIRECTIVE_ALIASES: ReadonlyMap<string, ReadonlyMap<Context, DirectiveAlias>> = new Map([
  ["require-tls", new Map([["domain", { canonical: "require-starttls", applied: true }]])],
  [
    "helo-host",
    new Map<Context, DirectiveAlias>([
      ["global", { canonical: "host-name", applied: true }],
      ["virtual-mta", { canonical: "host-name", applied: true }],
      ["domain", { canonical: "host-name", applied: false, why: HELO_IN_DOMAIN }],
    ]),
  ],
  ["vmta", new Map([["domain", { canonical: "default-virtual-mta", applied: false, why: VMTA_IN_DOMAIN }]])],
]);

/** True when `name` is an alias in some block (so an ignored block does not report it as unknown). */
export function isAlias(name: string): boolean {
  return DIRECTIVE_ALIASES.has(name);
}

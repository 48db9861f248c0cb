/**
 * What the compiler accumulates (ConfigBuilder), and the blocks `<source>`, `<domain>`, `<acct-file>`
 * and `<smtp-listener>`. Each reads its argument, then its directives through the tables in
 * `directives.ts`. VirtualMTAs and pools, pattern lists and SMTP users have their own modules.
 */

import type { ReadKeyFile } from "./compile-domain-key";
import { dirname, resolve } from "node:path";
import type { BlockNode, DirectiveNode } from "./ast";
import { checkBlock, checkIgnored, directiveFor, warnBlockNotActed, warnNotActed } from "./check-names";
import { formatCidr, parseCidr } from "./cidr";
import { compileSettings } from "./compile-settings";
import { DEFAULT_ACCT_RECORDS } from "./defaults";
import { ACCT_FILE_DIRECTIVES, DOMAIN_DIRECTIVES, readValue, SOURCE_DIRECTIVES } from "./directives";
import { DOMAIN_REFERENCES, REPEATABLE_DOMAIN_DIRECTIVES } from "./shaping-directives";
import { shift, where, type Diagnostics } from "./diagnostics";
import { formatDomainPattern, parseDomainPattern } from "./domain-pattern";
import { parseListenAddress } from "./listener";
import type { MacroTable } from "./macros";
import type { Reference } from "./references";
import type {
  AcctFileConfig,
  BounceCategoryPattern,
  DomainKeyConfig,
  DomainRule,
  DomainSettings,
  ListenerConfig,
  MxRollupRule,
  PatternListConfig,
  SmtpPatternListConfig,
  SmtpUserConfig,
  SourceLocation,
  SourceRule,
  SourceSettings,
  VirtualMtaConfig,
  VirtualMtaPoolConfig,
} from "./types";

/** Where `<domain>` rules go: the top level, or one VirtualMTA or pool. */
export interface DomainScope {
  domains: DomainRule[];
  /** First explicit (non-macro) rule per pattern, to warn about duplicates without a scan. */
  explicitDomains: Map<string, DomainRule>;
}

/** What the compiler accumulates while walking the file. */
export interface ConfigBuilder extends DomainScope {
  diags: Diagnostics;
  macros: MacroTable;
  listeners: ListenerConfig[];
  sources: SourceRule[];
  acctFiles: AcctFileConfig[];
  virtualMtas: VirtualMtaConfig[];
  pools: VirtualMtaPoolConfig[];
  patternLists: PatternListConfig[];
  smtpUsers: SmtpUserConfig[];
  smtpPatternLists: SmtpPatternListConfig[];
  mxRollups: MxRollupRule[];
  bounceCategoryPatterns: BounceCategoryPattern[];
  /** VirtualMTA and pool names (one namespace) → which kind and where it was defined. */
  vmtaNames: Map<string, { tag: "virtual-mta" | "virtual-mta-pool"; origin: SourceLocation }>;
  /** Names used before or after their definition, checked once the whole file is read (references.ts). */
  refs: Reference[];
  /** Global `domain-key` lines (compile-domain-key.ts). */
  domainKeys: DomainKeyConfig[];
  /** Reads `domain-key` files when the configuration is loaded; absent: every key file is an error. */
  readKeyFile?: ReadKeyFile;
}

/** Records that `d` refers to `name` (when it was set), for references.ts to check. */
export function refer(out: ConfigBuilder, kind: Reference["kind"], name: string | undefined, d: DirectiveNode | undefined): void {
  if (name !== undefined && d) out.refs.push({ kind, name, loc: d.valueLoc, by: d.name });
}

const CIDR_LIKE = /^[\d./]+$|^[0-9a-f:.]*:[0-9a-f:./]*$/i;
const SOURCE_NAME = /^(\{[A-Za-z0-9_.-]+\}|[A-Za-z0-9_.-]+)$/;

/** `<source CIDR>` or `<source NAME>` (named, incl. the reserved `{auth}`, `{pickup}` …). */
export function compileSource(b: BlockNode, out: ConfigBuilder): void {
  const settings: Partial<SourceSettings> = {};
  const applied = compileSettings(b.children, settings, out.diags, { context: "source", table: SOURCE_DIRECTIVES });
  refer(out, "vmta-or-pool", settings.defaultVirtualMta, applied.get("default-virtual-mta"));
  refer(out, "pattern-list", settings.patternList, applied.get("pattern-list"));
  const origin = b.loc;
  if (CIDR_LIKE.test(b.arg)) {
    const cidr = parseCidr(b.arg);
    if (!cidr.ok) out.diags.error(b.argLoc, cidr.message);
    else out.sources.push({ match: { kind: "cidr", cidr: formatCidr(cidr.value) }, settings, origin });
  } else if (SOURCE_NAME.test(b.arg)) {
    out.sources.push({ match: { kind: "name", name: b.arg }, settings, origin });
  } else {
    out.diags.error(b.argLoc, `invalid source "${b.arg}": expected a CIDR (10/8, 1.2.3.4, ::1) or a name`);
  }
}

/**
 * `<domain PATTERN>` with macro expansion; one rule per expanded pattern, sharing one settings object.
 * The rules go to `scope`: the top level, or the VirtualMTA or pool the block is nested in.
 */
export function compileDomain(b: BlockNode, out: ConfigBuilder, scope: DomainScope = out): void {
  const expanded = out.macros.expand(b.arg, b.argLoc) ?? [];
  const patterns: { text: string; fromMacro: boolean }[] = [];
  let ignored: string | null = null;
  for (const { pattern, fromMacro } of expanded) {
    const parsed = parseDomainPattern(pattern);
    if (!parsed.ok) out.diags.error(fromMacro ? b.argLoc : shift(b.argLoc, parsed.offset ?? 0), parsed.message);
    else if (parsed.value.kind === "ip-literal" || parsed.value.kind === "reserved") ignored ??= pattern;
    else patterns.push({ text: formatDomainPattern(parsed.value), fromMacro });
  }
  if (ignored !== null) {
    const what = ignored.startsWith("{") ? `the reserved queue ${ignored}` : `IP-literal domains (${ignored})`;
    out.diags.warning(b.loc, `<domain> for ${what} is a PowerMTA feature Hermod does not act on yet; ignored`);
    if (patterns.length === 0) {
      checkIgnored(b.children, "domain", out.diags);
      return;
    }
  }
  const settings: Partial<DomainSettings> = {};
  const applied = compileSettings(b.children, settings, out.diags, {
    context: "domain",
    table: DOMAIN_DIRECTIVES,
    repeatable: REPEATABLE_DOMAIN_DIRECTIVES,
  });
  // "" (an inherited name cleared) refers to nothing.
  for (const { directive, key, kind } of DOMAIN_REFERENCES) refer(out, kind, settings[key] || undefined, applied.get(directive));
  for (const { text, fromMacro } of patterns) {
    const rule: DomainRule = fromMacro ? { pattern: text, settings, origin: b.loc, fromMacro } : { pattern: text, settings, origin: b.loc };
    if (!fromMacro) {
      const twin = scope.explicitDomains.get(text);
      if (twin) out.diags.warning(b.loc, `<domain ${text}> is also defined at ${where(twin.origin)}; settings are merged, the later one wins`);
      else scope.explicitDomains.set(text, rule);
    }
    scope.domains.push(rule);
  }
}

/** `<acct-file PATH>`: a relative PATH is resolved against the directory of the file that contains it. */
export function compileAcctFile(b: BlockNode, out: ConfigBuilder): void {
  if (b.arg.startsWith("|")) {
    out.diags.warning(b.loc, "piped <acct-file |COMMAND> is a PowerMTA feature Hermod does not act on yet; ignored");
    checkIgnored(b.children, "acct-file", out.diags);
    return;
  }
  let records = [...DEFAULT_ACCT_RECORDS];
  for (const node of b.children) {
    if (node.type === "block") {
      if (checkBlock(node, "acct-file", out.diags)) warnBlockNotActed(node, out.diags);
    } else {
      const d = directiveFor(node, "acct-file", out.diags);
      if (d && d.name !== "records") warnNotActed(d, out.diags);
      else if (d) records = readValue(d, ACCT_FILE_DIRECTIVES.records, out.diags)?.value ?? records;
    }
  }
  const path = resolve(dirname(b.loc.file), b.arg);
  const twin = out.acctFiles.find((a) => a.path === path);
  if (twin) {
    out.diags.error(b.argLoc, `<acct-file ${b.arg}> is already defined at ${where(twin.origin)}`);
    return;
  }
  out.acctFiles.push({ path, records, origin: b.loc });
}

/** Adds a listener unless it duplicates one; shared by the directive and the block form. */
export function addListener(
  out: ConfigBuilder,
  addressText: string,
  at: SourceLocation,
  origin: SourceLocation,
  source: string | undefined,
): void {
  const address = parseListenAddress(addressText);
  if (!address.ok) {
    out.diags.error(shift(at, address.offset ?? 0), address.message);
    return;
  }
  if (address.value.kind === "range") {
    out.diags.warning(at, `listening on every local address in ${address.value.cidr} is a PowerMTA feature Hermod does not act on yet; this listener is ignored`);
    return;
  }
  const { host, port } = address.value;
  const twin = out.listeners.find((l) => l.host === host && l.port === port);
  if (twin) {
    out.diags.error(at, `a listener on ${host}:${port} is already defined at ${where(twin.origin)}`);
    return;
  }
  out.listeners.push(source === undefined ? { host, port, origin } : { host, port, source, origin });
}

/** `<smtp-listener ADDRESS:PORT>` with `source NAME`; the TLS directives are not acted on yet. */
export function compileListenerBlock(b: BlockNode, out: ConfigBuilder): void {
  let source: string | undefined;
  for (const node of b.children) {
    if (node.type === "block") {
      if (checkBlock(node, "smtp-listener", out.diags)) warnBlockNotActed(node, out.diags);
    } else {
      const d = directiveFor(node, "smtp-listener", out.diags);
      if (d?.name === "source" && d.value !== "") source = d.value;
      else if (d?.name === "source") out.diags.error(d.loc, "source needs the name of a <source NAME> block");
      else if (d) warnNotActed(d, out.diags);
    }
  }
  addListener(out, b.arg, b.argLoc, b.loc, source);
}

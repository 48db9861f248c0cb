/**
 * Compiles the blocks Hermod acts on: `<source>`, `<domain>`, `<acct-file>` and `<smtp-listener>`.
 * Each reads its argument, then its directives through the tables in `directives.ts`.
 */

import { dirname, resolve } from "node:path";
import type { BlockNode, ConfigNode } from "./ast";
import { checkBlock, checkDirective, checkIgnored, warnBlockNotActed, warnNotActed } from "./check-names";
import { formatCidr, parseCidr } from "./cidr";
import { DEFAULT_ACCT_RECORDS } from "./defaults";
import { ACCT_FILE_DIRECTIVES, DOMAIN_DIRECTIVES, readValue, SOURCE_DIRECTIVES, type DirectiveHandler } from "./directives";
import { shift, where, type Diagnostics } from "./diagnostics";
import { formatDomainPattern, parseDomainPattern } from "./domain-pattern";
import { parseListenAddress } from "./listener";
import type { MacroTable } from "./macros";
import type {
  AcctFileConfig,
  DomainRule,
  DomainSettings,
  ListenerConfig,
  SourceLocation,
  SourceRule,
  SourceSettings,
} from "./types";

/** What the compiler accumulates while walking the file. */
export interface ConfigBuilder {
  diags: Diagnostics;
  macros: MacroTable;
  listeners: ListenerConfig[];
  sources: SourceRule[];
  domains: DomainRule[];
  /** First explicit (non-macro) rule per pattern, to warn about duplicates without a scan. */
  explicitDomains: Map<string, DomainRule>;
  acctFiles: AcctFileConfig[];
}

/**
 * Walks a block's children: directives in `table` are applied to `out`; other PowerMTA directives
 * valid here are warnings; a setting given twice in one block warns (the later one wins).
 */
function compileSettings<S>(
  nodes: readonly ConfigNode[],
  context: string,
  table: Readonly<Record<string, DirectiveHandler<S>>>,
  out: Partial<S>,
  diags: Diagnostics,
): void {
  const seen = new Map<string, SourceLocation>();
  for (const node of nodes) {
    if (node.type === "block") {
      if (checkBlock(node, context, diags)) warnBlockNotActed(node, diags);
      continue;
    }
    if (!checkDirective(node, context, diags)) continue;
    const handler = table[node.name];
    if (!handler) {
      warnNotActed(node, diags);
      continue;
    }
    const first = seen.get(node.name);
    if (first) diags.warning(node.loc, `\`${node.name}\` is already set in this block at ${where(first)}; the last one wins`);
    seen.set(node.name, node.loc);
    handler(node, out, diags);
  }
}

const CIDR_LIKE = /^[\d./]+$|^[0-9a-f:.]*:[0-9a-f:./]*$/i;
const SOURCE_NAME = /^(\{[A-Za-z0-9_.-]+\}|[A-Za-z0-9_.-]+)$/;

/** `<source CIDR>` or `<source NAME>` (named, incl. the reserved `{auth}`, `{pickup}` …). */
export function compileSource(b: BlockNode, out: ConfigBuilder): void {
  const settings: Partial<SourceSettings> = {};
  compileSettings(b.children, "source", SOURCE_DIRECTIVES, settings, out.diags);
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

/** `<domain PATTERN>` with macro expansion; one rule per expanded pattern, sharing one settings object. */
export function compileDomain(b: BlockNode, out: ConfigBuilder): void {
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
  compileSettings(b.children, "domain", DOMAIN_DIRECTIVES, settings, out.diags);
  for (const { text, fromMacro } of patterns) {
    const rule: DomainRule = fromMacro ? { pattern: text, settings, origin: b.loc, fromMacro } : { pattern: text, settings, origin: b.loc };
    if (!fromMacro) {
      const twin = out.explicitDomains.get(text);
      if (twin) out.diags.warning(b.loc, `<domain ${text}> is also defined at ${where(twin.origin)}; settings are merged, the later one wins`);
      else out.explicitDomains.set(text, rule);
    }
    out.domains.push(rule);
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
    } else if (checkDirective(node, "acct-file", out.diags)) {
      if (node.name !== "records") warnNotActed(node, out.diags);
      else records = readValue(node, ACCT_FILE_DIRECTIVES.records, out.diags)?.value ?? records;
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
    } else if (checkDirective(node, "smtp-listener", out.diags)) {
      if (node.name === "source" && node.value !== "") source = node.value;
      else if (node.name === "source") out.diags.error(node.loc, "source needs the name of a <source NAME> block");
      else warnNotActed(node, out.diags);
    }
  }
  addListener(out, b.arg, b.argLoc, b.loc, source);
}

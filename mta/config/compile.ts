/**
 * Syntax tree (includes already spliced in) → frozen MtaConfig. Walks the top level: the directives and
 * blocks Hermod acts on are compiled (see compile-blocks.ts), PowerMTA ones it does not act on yet are
 * warnings, anything else is an error. Any error → no config: a broken file never half-applies.
 */

import { dirname, resolve } from "node:path";
import type { ConfigNode, DirectiveNode } from "./ast";
import { checkBlock, checkDirective, checkIgnored, warnBlockNotActed, warnNotActed } from "./check-names";
import {
  addListener,
  compileAcctFile,
  compileDomain,
  compileListenerBlock,
  compileSource,
  type ConfigBuilder,
} from "./compile-blocks";
import { DEFAULT_LISTENER, defaultHostName, defaultPostmaster } from "./defaults";
import { shift, where, type Diagnostics } from "./diagnostics";
import { normalizeDomain } from "./domain-pattern";
import { deepFreeze } from "./freeze";
import { collectMacros } from "./macros";
import { prepareConfig } from "./resolve";
import { ZMtaConfig } from "./schema";
import { closest, didYouMean } from "./suggest";
import type { MtaConfig, SourceLocation } from "./types";
import { BLOCKS } from "./vocabulary";

export interface CompileOptions {
  /** The main config file; the implicit default listener is attributed to its first line. */
  file: string;
  /** `host-name` when the file has none; defaults to the machine's name (injectable for tests). */
  defaultHostName?: () => string;
}

/** A value given once per file where PowerMTA allows repeats but Hermod uses only the first. */
interface FirstValue {
  value: string;
  loc: SourceLocation;
}

export function compileTree(nodes: readonly ConfigNode[], diags: Diagnostics, opts: CompileOptions): MtaConfig | null {
  const out: ConfigBuilder = {
    diags,
    macros: collectMacros(nodes, diags),
    listeners: [],
    sources: [],
    domains: [],
    explicitDomains: new Map(),
    acctFiles: [],
  };
  const names: { hostName?: FirstValue; postmaster?: FirstValue } = {};
  let tlsCertificate: MtaConfig["tlsCertificate"];

  for (const node of nodes) {
    if (node.type === "block") {
      if (!checkBlock(node, "global", diags)) continue;
      if (node.tag === "source") compileSource(node, out);
      else if (node.tag === "domain") compileDomain(node, out);
      else if (node.tag === "acct-file") compileAcctFile(node, out);
      else if (node.tag === "smtp-listener") compileListenerBlock(node, out);
      else {
        warnBlockNotActed(node, diags);
        if (!BLOCKS.get(node.tag)!.opaque) checkIgnored(node.children, node.tag, diags);
      }
      continue;
    }
    if (!checkDirective(node, "global", diags)) continue;
    if (node.name === "smtp-listener") listenerDirective(node, out);
    else if (node.name === "host-name") firstValue(node, names, "hostName", readHostName, diags);
    else if (node.name === "postmaster") firstValue(node, names, "postmaster", readAddress, diags);
    else if (node.name === "smtp-server-tls-certificate") tlsCertificate = readTlsCertificate(node, diags) ?? tlsCertificate;
    else if (node.name !== "domain-macro" && node.name !== "include") warnNotActed(node, diags);
  }
  checkListenerSources(out);

  const hostName = names.hostName?.value ?? normalizeDomain((opts.defaultHostName ?? defaultHostName)()) ?? "localhost";
  const origin = { file: opts.file, line: 1, col: 1 };
  const config: MtaConfig = {
    hostName,
    postmaster: names.postmaster?.value ?? defaultPostmaster(hostName),
    listeners: out.listeners.length > 0 ? out.listeners : [{ ...DEFAULT_LISTENER, origin }],
    sources: out.sources,
    domains: out.domains,
    acctFiles: out.acctFiles,
    ...(tlsCertificate ? { tlsCertificate } : {}),
  };
  if (diags.hasErrors) return null;
  const checked = ZMtaConfig.safeParse(config);
  if (!checked.success) {
    // Unreachable unless a directive handler and the schema disagree: a bug in Hermod, not in the file.
    diags.error(origin, `internal error: the compiled configuration is invalid (${checked.error.issues[0].message})`);
    return null;
  }
  deepFreeze(config);
  prepareConfig(config);
  return config;
}

/** `smtp-server-tls-certificate FILE [PASSWORD]`; the file is read when the engine starts or reloads. */
function readTlsCertificate(d: DirectiveNode, diags: Diagnostics): MtaConfig["tlsCertificate"] | null {
  const [file, password, extra] = d.words;
  if (!file || extra) {
    diags.error(d.valueLoc, "smtp-server-tls-certificate takes FILE [PASSWORD]: a PEM file holding the certificate and its private key");
    return null;
  }
  return { file: resolve(dirname(d.loc.file), file.text), ...(password ? { password: password.text } : {}), origin: d.loc };
}

/** `smtp-listener ADDRESS:PORT [source=NAME]` */
function listenerDirective(d: DirectiveNode, out: ConfigBuilder): void {
  const [address, ...rest] = d.words;
  if (!address) {
    out.diags.error(d.valueLoc, "smtp-listener needs ADDRESS:PORT, e.g. 127.0.0.1:2525 or [::1]:2525");
    return;
  }
  let source: string | undefined;
  for (const word of rest) {
    const m = /^source=(.+)$/i.exec(word.text);
    if (!m || source !== undefined) {
      out.diags.error({ ...d.loc, col: word.col }, `unexpected "${word.text}" after the listener address: expected source=NAME`);
      return;
    }
    source = m[1];
  }
  addListener(out, address.text, { ...d.loc, col: address.col }, d.loc, source);
}

/** Every `source=NAME` must name a `<source NAME>` block. */
function checkListenerSources(out: ConfigBuilder): void {
  const named = new Set(out.sources.flatMap((s) => (s.match.kind === "name" ? [s.match.name] : [])));
  for (const l of out.listeners) {
    if (l.source !== undefined && !named.has(l.source)) {
      const hint = didYouMean(closest(l.source, named));
      out.diags.error(l.origin, `listener ${l.host}:${l.port} uses source=${l.source}, but no <source ${l.source}> is defined${hint}`);
    }
  }
}

function firstValue(
  d: DirectiveNode,
  names: { hostName?: FirstValue; postmaster?: FirstValue },
  key: "hostName" | "postmaster",
  read: (d: DirectiveNode, diags: Diagnostics) => string | null,
  diags: Diagnostics,
): void {
  const value = read(d, diags);
  if (value === null) return;
  const first = names[key];
  if (first) {
    diags.warning(d.loc, `Hermod uses only the first \`${d.name}\` (${first.value}, at ${where(first.loc)}); additional ones are not acted on yet`);
  } else {
    names[key] = { value, loc: d.loc };
  }
}

function readHostName(d: DirectiveNode, diags: Diagnostics): string | null {
  if (d.words.length !== 1) {
    diags.error(d.words.length ? shift(d.loc, d.words[1].col - d.loc.col) : d.valueLoc, "host-name takes exactly one host name");
    return null;
  }
  const name = normalizeDomain(d.words[0].text);
  if (name === null) diags.error(d.valueLoc, `invalid host-name "${d.words[0].text}": expected a fully qualified host name`);
  return name;
}

function readAddress(d: DirectiveNode, diags: Diagnostics): string | null {
  const m = /^([^\s@]+)@([^\s@]+)$/.exec(d.value.trim());
  const domain = m && normalizeDomain(m[2]);
  if (!m || !domain) {
    diags.error(d.valueLoc, `invalid postmaster address "${d.value}": expected user@domain`);
    return null;
  }
  return `${m[1]}@${domain}`;
}

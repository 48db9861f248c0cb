/**
 * Syntax tree (includes already spliced in) → frozen MtaConfig. Walks the top level: the directives and
 * blocks Hermod acts on are compiled (compile-blocks.ts, compile-vmta.ts, compile-pattern-list.ts,
 * compile-smtp-user.ts, compile-smtp-pattern-list.ts, compile-mx-rollup.ts,
 * compile-bounce-categories.ts), PowerMTA ones it does not act on yet are warnings, anything else is an
 * error; then names used across blocks are checked (references.ts). Any error → no config: a broken
 * file never half-applies.
 */

import { dirname, resolve } from "node:path";
import type { z } from "zod";
import type { BlockNode, ConfigNode, DirectiveNode } from "./ast";
import { checkBlock, checkIgnored, directiveFor, warnBlockNotActed, warnNotActed } from "./check-names";
import {
  addListener,
  compileAcctFile,
  compileDomain,
  compileListenerBlock,
  compileSource,
  type ConfigBuilder,
} from "./compile-blocks";
import { compileBounceCategoryPatterns } from "./compile-bounce-categories";
import { compileBounceProcessor, compileFeedbackLoopProcessor, processorsOf } from "./compile-processors";
import { addDomainKey, compileDomainKey, type ReadKeyFile } from "./compile-domain-key";
import { compileArcSeal } from "./compile-arc-seal";
import { compileHttpDirective, HTTP_DIRECTIVES, httpBuilder, httpConfig } from "./compile-http";
import { checkRollupRoutes, compileMxRollupList } from "./compile-mx-rollup";
import { compilePatternList } from "./compile-pattern-list";
import { compileSmtpPatternList } from "./compile-smtp-pattern-list";
import { compileSmtpUser } from "./compile-smtp-user";
import { compilePool, compileVirtualMta, fillSourceHostNames } from "./compile-vmta";
import {
  DEFAULT_LISTENER,
  DEFAULT_STARTUP_RAMP_FRACTION,
  DEFAULT_TOTAL_MAX_SMTP_OUT,
  defaultHostName,
  defaultPostmaster,
} from "./defaults";
import { shift, where, type Diagnostics } from "./diagnostics";
import { readValue } from "./directives";
import { normalizeDomain } from "./domain-pattern";
import { deepFreeze } from "./freeze";
import { collectMacros } from "./macros";
import { checkReferences } from "./references";
import { prepareConfig } from "./resolve";
import { fromParser, SETTING, ZMtaConfig } from "./schema";
import { closest, didYouMean } from "./suggest";
import type { DomainKeyConfig, MtaConfig, SourceLocation } from "./types";
import { parseCount, parseFraction, parseInterval } from "./units";
import { BLOCKS } from "./vocabulary";

export interface CompileOptions {
  /** The main config file; the implicit default listener is attributed to its first line. */
  file: string;
  /** `host-name` when the file has none; defaults to the machine's name (injectable for tests). */
  defaultHostName?: () => string;
  /** Reads `domain-key` files (the loader's file access); without it every `domain-key` is an error. */
  readKeyFile?: ReadKeyFile;
}

/** A value given once per file where PowerMTA allows repeats but Hermod uses only the first. */
interface FirstValue {
  value: string;
  loc: SourceLocation;
}

/** A global setting where, as in a block, a repeat warns and the last one wins. */
interface LastValue<T> {
  value: T;
  loc: SourceLocation;
}

/** The top-level blocks Hermod acts on; every other PowerMTA block is a warning. */
const BLOCK_COMPILERS: Readonly<Record<string, (b: BlockNode, out: ConfigBuilder) => void>> = {
  source: compileSource,
  domain: (b, out) => compileDomain(b, out),
  "acct-file": compileAcctFile,
  "smtp-listener": compileListenerBlock,
  "virtual-mta": compileVirtualMta,
  "virtual-mta-pool": compilePool,
  "pattern-list": compilePatternList,
  "smtp-user": compileSmtpUser,
  "smtp-pattern-list": compileSmtpPatternList,
  "mx-rollup-list": compileMxRollupList,
  "bounce-category-patterns": compileBounceCategoryPatterns,
  "feedback-loop-processor": compileFeedbackLoopProcessor,
  "bounce-processor": compileBounceProcessor,
};

type GlobalSetting = "total-max-smtp-out" | "startup-ramp-interval" | "startup-ramp-fraction";

/** Global directives that set one number. */
const GLOBAL_SETTINGS: Readonly<Record<GlobalSetting, z.ZodType<number, string>>> = {
  "total-max-smtp-out": fromParser((t) => parseCount(t)).pipe(SETTING.atLeastOne),
  /** 0 turns the ramp off. */
  "startup-ramp-interval": fromParser(parseInterval).pipe(SETTING.duration),
  "startup-ramp-fraction": fromParser(parseFraction),
};

type GlobalValues = Partial<Record<GlobalSetting, LastValue<number>>>;

export function compileTree(nodes: readonly ConfigNode[], diags: Diagnostics, opts: CompileOptions): MtaConfig | null {
  const out: ConfigBuilder = {
    diags,
    macros: collectMacros(nodes, diags),
    listeners: [],
    sources: [],
    domains: [],
    explicitDomains: new Map(),
    acctFiles: [],
    virtualMtas: [],
    pools: [],
    patternLists: [],
    smtpUsers: [],
    smtpPatternLists: [],
    mxRollups: [],
    bounceCategoryPatterns: [],
    vmtaNames: new Map(),
    refs: [],
    domainKeys: [],
    readKeyFile: opts.readKeyFile,
  };
  const names: { hostName?: FirstValue; postmaster?: FirstValue } = {};
  let tlsCertificate: MtaConfig["tlsCertificate"];
  const globals: GlobalValues = {};
  let arcSeal: DomainKeyConfig | undefined;
  const http = httpBuilder();

  for (const node of nodes) {
    if (node.type === "block") {
      if (!checkBlock(node, "global", diags)) continue;
      const compileBlock = BLOCK_COMPILERS[node.tag];
      if (compileBlock) compileBlock(node, out);
      else {
        warnBlockNotActed(node, diags);
        if (!BLOCKS.get(node.tag)!.opaque) checkIgnored(node.children, node.tag, diags);
      }
      continue;
    }
    const d = directiveFor(node, "global", diags);
    if (!d) continue;
    if (d.name === "smtp-listener") listenerDirective(d, out);
    else if (d.name === "host-name") firstValue(d, names, "hostName", readHostName, diags);
    else if (d.name === "postmaster") firstValue(d, names, "postmaster", readAddress, diags);
    else if (d.name === "domain-key") addDomainKey(out.domainKeys, compileDomainKey(d, diags, opts.readKeyFile), diags);
    else if (d.name === "arc-seal") arcSeal = compileArcSeal(d, diags, opts.readKeyFile, arcSeal) ?? arcSeal;
    else if (d.name === "smtp-server-tls-certificate") tlsCertificate = readTlsCertificate(d, diags) ?? tlsCertificate;
    else if (d.name in GLOBAL_SETTINGS) lastValue(d, d.name as GlobalSetting, globals, diags);
    else if (HTTP_DIRECTIVES.has(d.name)) compileHttpDirective(d, http, diags);
    else if (d.name !== "domain-macro" && d.name !== "include") warnNotActed(d, diags);
  }
  checkListenerSources(out);
  checkReferences(out);
  checkRollupRoutes(out);

  const hostName = names.hostName?.value ?? normalizeDomain((opts.defaultHostName ?? defaultHostName)()) ?? "localhost";
  fillSourceHostNames(out.virtualMtas, hostName);
  const origin = { file: opts.file, line: 1, col: 1 };
  const config: MtaConfig = {
    hostName,
    postmaster: names.postmaster?.value ?? defaultPostmaster(hostName),
    listeners: out.listeners.length > 0 ? out.listeners : [{ ...DEFAULT_LISTENER, origin }],
    sources: out.sources,
    domains: out.domains,
    acctFiles: out.acctFiles,
    ...(tlsCertificate ? { tlsCertificate } : {}),
    virtualMtas: out.virtualMtas,
    pools: out.pools,
    ...(out.domainKeys.length > 0 ? { domainKeys: out.domainKeys } : {}),
    ...(arcSeal ? { arcSeal } : {}),
    patternLists: out.patternLists,
    smtpUsers: out.smtpUsers,
    totalMaxSmtpOut: globals["total-max-smtp-out"]?.value ?? DEFAULT_TOTAL_MAX_SMTP_OUT,
    smtpPatternLists: out.smtpPatternLists,
    mxRollups: out.mxRollups,
    bounceCategoryPatterns: out.bounceCategoryPatterns,
    startupRamp: startupRamp(globals, diags),
    http: httpConfig(http),
    ...(processorsOf(out).length > 0 ? { processors: processorsOf(out) } : {}),
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

function lastValue(d: DirectiveNode, name: GlobalSetting, values: GlobalValues, diags: Diagnostics): void {
  const r = readValue(d, GLOBAL_SETTINGS[name], diags);
  if (!r) return;
  const previous = values[name];
  if (previous) diags.warning(d.loc, `\`${name}\` is already set at ${where(previous.loc)}; the last one wins`);
  values[name] = { value: r.value, loc: d.loc };
}

/**
 * `startup-ramp-interval T` and `startup-ramp-fraction F` (Hermod's names, see defaults.ts): null unless
 * an interval greater than 0 is given; a fraction alone does nothing, which is worth a warning.
 */
function startupRamp(globals: GlobalValues, diags: Diagnostics): MtaConfig["startupRamp"] {
  const interval = globals["startup-ramp-interval"];
  const fraction = globals["startup-ramp-fraction"];
  if (fraction && !interval) {
    diags.warning(fraction.loc, "`startup-ramp-fraction` has no effect without `startup-ramp-interval`; ignored");
  }
  if (!interval || interval.value === 0) return null;
  return { interval: interval.value, fraction: fraction?.value ?? DEFAULT_STARTUP_RAMP_FRACTION };
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

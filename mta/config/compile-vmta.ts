/**
 * `<virtual-mta NAME>` (UG5.0 §3.3.12) and `<virtual-mta-pool NAME>` (§3.3.13). A VirtualMTA binds
 * outbound connections to source addresses and a HELO name, and may carry its own `<domain>` blocks;
 * a pool is a set of VirtualMTAs used in rotation, whose `<domain>` blocks its members inherit.
 * VirtualMTA and pool names share one namespace and are compared lower-cased.
 *
 * PowerMTA's defaults, for what Hermod acts on: no `smtp-source-host` (the OS picks the address), the
 * global `host-name`, `max-smtp-out` and `max-smtp-msg-rate` unlimited across a VirtualMTA's queues
 * (UG5.0 §3.3.12.2, §3.3.12.8), and no `cold-virtual-mta` (§3.3.12.4). Both `max-smtp-msg-rate` and
 * `cold-virtual-mta` are also valid in a pool (§3.3.13).
 */

import type { BlockNode } from "./ast";
import { formatIp, parseCidr, parseIp } from "./cidr";
import { compileDomain, type ConfigBuilder, type DomainScope } from "./compile-blocks";
import { addDomainKey, compileDomainKey } from "./compile-domain-key";
import { compileArcSeal } from "./compile-arc-seal";
import { compileSettings } from "./compile-settings";
import { setting, type DirectiveHandler } from "./directive-value";
import { where } from "./diagnostics";
import { normalizeDomain } from "./domain-pattern";
import { parseVirtualMtaName } from "./names";
import { fromParser, SETTING } from "./schema";
import type { DomainKeyConfig, Rate, SourceLocation, VirtualMtaConfig } from "./types";
import { parseCount, parseRate } from "./units";

/** A source host whose name may still be missing (filled from the VirtualMTA or global host-name). */
interface DraftSourceHost {
  ip: string;
  hostName?: string;
}

interface NamedAt {
  name: string;
  loc: SourceLocation;
}

/** What VirtualMTAs and pools both have. */
interface WarmUpDraft {
  maxSmtpMsgRate: Rate | null;
  coldVirtualMtas: NamedAt[];
  domainKeys: DomainKeyConfig[];
  arcSeal: DomainKeyConfig;
}

interface VirtualMtaDraft extends WarmUpDraft {
  sourceHosts: DraftSourceHost[];
  hostName: string;
  maxSmtpOut: number;
}

interface PoolDraft extends WarmUpDraft {
  members: NamedAt[];
}

const wordAt = (loc: SourceLocation, col: number): SourceLocation => ({ ...loc, col });

/** `smtp-source-host IP [HOSTNAME]`: IPv4 or IPv6. A CIDR range (several addresses) is not acted on yet. */
const sourceHost: DirectiveHandler<VirtualMtaDraft> = (d, out, diags) => {
  const [ip, host, extra] = d.words;
  if (!ip || extra) {
    diags.error(extra ? wordAt(d.loc, extra.col) : d.loc, "smtp-source-host takes IP HOSTNAME: the source address and the HELO name used from it");
    return;
  }
  const address = parseIp(ip.text);
  if (!address) {
    if (ip.text.includes("/") && parseCidr(ip.text).ok) {
      diags.warning(d.valueLoc, `smtp-source-host with a range (${ip.text}) is a PowerMTA feature Hermod does not act on yet; ignored`);
    } else {
      diags.error(d.valueLoc, `invalid smtp-source-host address "${ip.text}": expected an IPv4 or IPv6 address`);
    }
    return;
  }
  const hostName = host && normalizeDomain(host.text);
  if (host && !hostName) {
    diags.error(wordAt(d.loc, host.col), `invalid smtp-source-host name "${host.text}": expected a fully qualified host name`);
    return;
  }
  const list = (out.sourceHosts ??= []);
  const text = formatIp(address);
  if (list.some((h) => h.ip === text)) {
    diags.warning(d.valueLoc, `smtp-source-host ${text} is already listed in this VirtualMTA; ignored`);
    return;
  }
  list.push(hostName ? { ip: text, hostName } : { ip: text });
};

const hostName: DirectiveHandler<VirtualMtaDraft> = (d, out, diags) => {
  const name = d.words.length === 1 ? normalizeDomain(d.words[0].text) : null;
  if (name === null) diags.error(d.valueLoc, `invalid host-name "${d.value}": expected one fully qualified host name`);
  else out.hostName = name;
};

/**
 * A repeatable `DIRECTIVE NAME` adding a VirtualMTA name to a list (a repeat warns, with `repeated`);
 * whether NAME is a defined VirtualMTA is checked at the end (references.ts).
 */
function nameList<K extends "coldVirtualMtas" | "members">(
  key: K,
  repeated: (name: string, first: SourceLocation) => string,
): DirectiveHandler<Record<K, NamedAt[]>> {
  return (d, out, diags) => {
    const name = parseVirtualMtaName(d.value);
    if (!name.ok) {
      diags.error(d.valueLoc, name.message);
      return;
    }
    const list: NamedAt[] = (out[key] ??= []);
    const twin = list.find((n) => n.name === name.value);
    if (twin) diags.warning(d.loc, repeated(name.value, twin.loc));
    else list.push({ name: name.value, loc: d.valueLoc });
  };
}

/** `cold-virtual-mta NAME` (repeatable). */
const coldVirtualMta = nameList("coldVirtualMtas", (name, first) => `cold-virtual-mta ${name} is already listed (at ${where(first)}); ignored`);

/** `domain-key SELECTOR,DOMAIN,FILE` (repeatable); the file is read through the loader's file access. */
function domainKeyIn(out: ConfigBuilder): DirectiveHandler<WarmUpDraft> {
  return (d, draft, diags) => addDomainKey((draft.domainKeys ??= []), compileDomainKey(d, diags, out.readKeyFile), diags);
}

/** `arc-seal SELECTOR,DOMAIN,FILE` (Hermod, compile-arc-seal.ts). */
function arcSealIn(out: ConfigBuilder): DirectiveHandler<WarmUpDraft> {
  return (d, draft, diags) => {
    const key = compileArcSeal(d, diags, out.readKeyFile);
    if (key) draft.arcSeal = key;
  };
}

const WARM_UP_DIRECTIVES = {
  "max-smtp-msg-rate": setting<WarmUpDraft, "maxSmtpMsgRate">("maxSmtpMsgRate", fromParser(parseRate)),
  "cold-virtual-mta": coldVirtualMta,
};

const VIRTUAL_MTA_DIRECTIVES: Readonly<Record<string, DirectiveHandler<VirtualMtaDraft>>> = {
  ...WARM_UP_DIRECTIVES,
  "smtp-source-host": sourceHost,
  "host-name": hostName,
  "max-smtp-out": setting("maxSmtpOut", fromParser((t) => parseCount(t)).pipe(SETTING.atLeastOne)),
};

/** `virtual-mta NAME` in a pool (repeatable). */
const member = nameList("members", (name, first) => `virtual-mta ${name} is already a member of this pool (at ${where(first)}); ignored`);

const POOL_DIRECTIVES: Readonly<Record<string, DirectiveHandler<PoolDraft>>> = { ...WARM_UP_DIRECTIVES, "virtual-mta": member };

/** Records the cold VirtualMTAs for references.ts and returns their names; one cannot be its own. */
function coldNames(owner: string, draft: Partial<WarmUpDraft>, out: ConfigBuilder): string[] {
  const names: string[] = [];
  for (const c of draft.coldVirtualMtas ?? []) {
    if (c.name === owner) {
      out.diags.error(c.loc, `cold-virtual-mta ${c.name}: ${c.name} cannot be its own cold VirtualMTA`);
      continue;
    }
    out.refs.push({ kind: "virtual-mta", name: c.name, loc: c.loc, by: "cold-virtual-mta" });
    names.push(c.name);
  }
  return names;
}

/** Registers a VirtualMTA or pool name; null (after an error) when invalid or already taken. */
function claimName(b: BlockNode, tag: "virtual-mta" | "virtual-mta-pool", out: ConfigBuilder): string | null {
  const parsed = parseVirtualMtaName(b.arg);
  if (!parsed.ok) {
    out.diags.error(b.argLoc, parsed.message);
    return null;
  }
  const twin = out.vmtaNames.get(parsed.value);
  if (twin) {
    const clash = twin.tag === tag ? "" : "; VirtualMTAs and pools share one namespace";
    out.diags.error(b.argLoc, `<${tag} ${parsed.value}>: <${twin.tag} ${parsed.value}> is already defined at ${where(twin.origin)}${clash}`);
    return null;
  }
  out.vmtaNames.set(parsed.value, { tag, origin: b.loc });
  return parsed.value;
}

const domainsIn = (out: ConfigBuilder, scope: DomainScope) => (b: BlockNode) => {
  if (b.tag !== "domain") return false;
  compileDomain(b, out, scope);
  return true;
};

/**
 * `<virtual-mta NAME>` with its source hosts, HELO name, connection and rate caps, cold VirtualMTAs and
 * nested `<domain>` blocks.
 */
export function compileVirtualMta(b: BlockNode, out: ConfigBuilder): void {
  const name = claimName(b, "virtual-mta", out);
  const draft: Partial<VirtualMtaDraft> = {};
  const scope: DomainScope = { domains: [], explicitDomains: new Map() };
  compileSettings(b.children, draft, out.diags, {
    context: "virtual-mta",
    table: { ...VIRTUAL_MTA_DIRECTIVES, "domain-key": domainKeyIn(out), "arc-seal": arcSealIn(out) },
    repeatable: new Set(["smtp-source-host", "cold-virtual-mta", "domain-key"]),
    block: domainsIn(out, scope),
  });
  if (name === null) return;
  const coldVirtualMtas = coldNames(name, draft, out);
  const vmta: VirtualMtaConfig = {
    name,
    // Names still missing are filled from the global host-name once the whole file is read.
    sourceHosts: (draft.sourceHosts ?? []).map((h) => ({ ip: h.ip, hostName: h.hostName ?? draft.hostName ?? "" })),
    ...(draft.hostName !== undefined && { hostName: draft.hostName }),
    ...(draft.maxSmtpOut !== undefined && { maxSmtpOut: draft.maxSmtpOut }),
    maxSmtpMsgRate: draft.maxSmtpMsgRate ?? null,
    coldVirtualMtas,
    ...(draft.domainKeys?.length ? { domainKeys: draft.domainKeys } : {}),
    ...(draft.arcSeal ? { arcSeal: draft.arcSeal } : {}),
    domains: scope.domains,
    origin: b.loc,
  };
  out.virtualMtas.push(vmta);
}

/** `<virtual-mta-pool NAME>` with its members, rate cap, cold VirtualMTAs and nested `<domain>` blocks. */
export function compilePool(b: BlockNode, out: ConfigBuilder): void {
  const name = claimName(b, "virtual-mta-pool", out);
  const draft: Partial<PoolDraft> = {};
  const scope: DomainScope = { domains: [], explicitDomains: new Map() };
  compileSettings(b.children, draft, out.diags, {
    context: "virtual-mta-pool",
    table: { ...POOL_DIRECTIVES, "domain-key": domainKeyIn(out), "arc-seal": arcSealIn(out) },
    repeatable: new Set(["virtual-mta", "cold-virtual-mta", "domain-key"]),
    block: domainsIn(out, scope),
  });
  if (name === null) return;
  const coldVirtualMtas = coldNames(name, draft, out);
  const members = draft.members ?? [];
  if (members.length === 0) out.diags.warning(b.loc, `<virtual-mta-pool ${name}> has no members (add "virtual-mta NAME" lines); mail sent to it cannot be delivered`);
  for (const m of members) out.refs.push({ kind: "virtual-mta", name: m.name, loc: m.loc, by: "virtual-mta", pool: name });
  out.pools.push({
    name,
    members: members.map((m) => m.name),
    maxSmtpMsgRate: draft.maxSmtpMsgRate ?? null,
    coldVirtualMtas,
    ...(draft.domainKeys?.length ? { domainKeys: draft.domainKeys } : {}),
    ...(draft.arcSeal ? { arcSeal: draft.arcSeal } : {}),
    domains: scope.domains,
    origin: b.loc,
  });
}

/** Gives every `smtp-source-host` written without a name the global host-name (the last fallback). */
export function fillSourceHostNames(vmtas: readonly VirtualMtaConfig[], globalHostName: string): void {
  for (const v of vmtas) for (const h of v.sourceHosts) if (h.hostName === "") h.hostName = globalHostName;
}

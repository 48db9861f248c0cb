/**
 * What the health checks look at: every source address of every VirtualMTA (with its HELO name), and
 * every signing domain with its keys. Keys come from the `domain-key SELECTOR,DOMAIN,FILE` lines of
 * the config (read from its syntax tree, so this works whether or not the engine signs with them yet)
 * and from the keys stored in the console (DkimKey rows). Each domain is checked against the source
 * addresses that may send its mail: a `domain-key` inside `<virtual-mta>` → that VirtualMTA's addresses,
 * inside `<virtual-mta-pool>` → its members', anywhere else (and console keys) → all of them.
 */

import path from "node:path";
import type { BlockNode, ConfigNode, MtaConfig } from "@/mta/index";

export interface SourceTarget {
  vmta: string;
  ip: string;
  helo: string;
}

export interface KeyTarget {
  selector: string;
  /** Where the key comes from, for people: `domain-key, hermod.conf:12` or `console`. */
  source: string;
  /** The key file (absolute) for `domain-key` lines; the PEM itself for stored keys. */
  file?: string;
  pem?: string;
}

export interface DomainTarget {
  domain: string;
  keys: KeyTarget[];
  /** Source addresses that send this domain's mail, sorted. */
  ips: string[];
}

export interface Targets {
  sources: SourceTarget[];
  domains: DomainTarget[];
  notes: string[];
}

export interface StoredKey {
  selector: string;
  domain: string;
  privateKeyPem: string;
}

export function collectTargets(config: MtaConfig, nodes: readonly ConfigNode[], configPath: string, stored: readonly StoredKey[]): Targets {
  const notes: string[] = [];
  const sources: SourceTarget[] = [];
  const ipsOf = new Map<string, string[]>();
  for (const v of config.virtualMtas) {
    if (v.sourceHosts.length === 0) notes.push(`<virtual-mta ${v.name}> has no smtp-source-host: the system picks the address, so its reverse DNS cannot be checked.`);
    ipsOf.set(v.name, v.sourceHosts.map((s) => s.ip));
    for (const s of v.sourceHosts) sources.push({ vmta: v.name, ip: s.ip, helo: s.hostName });
  }
  const allIps = [...new Set(sources.map((s) => s.ip))];
  const poolIps = (name: string) => config.pools.find((p) => p.name === name)?.members.flatMap((m) => ipsOf.get(m) ?? []) ?? [];

  const domains = new Map<string, DomainTarget>();
  const add = (domain: string, key: KeyTarget, ips: readonly string[]) => {
    const d = domains.get(domain) ?? { domain, keys: [], ips: [] };
    if (!d.keys.some((k) => k.selector === key.selector)) d.keys.push(key);
    d.ips = [...new Set([...d.ips, ...ips])].sort();
    domains.set(domain, d);
  };

  const base = path.dirname(configPath);
  const walk = (list: readonly ConfigNode[], scope: BlockNode | null) => {
    for (const node of list) {
      if (node.type === "block") {
        walk(node.children, node.tag === "virtual-mta" || node.tag === "virtual-mta-pool" ? node : scope);
        continue;
      }
      if (node.name !== "domain-key") continue;
      const where = `${path.basename(node.loc.file)}:${node.loc.line}`;
      const [selector, domain, file] = node.value.split(",").map((p) => p.trim());
      if (!selector || !domain || !file) {
        notes.push(`domain-key at ${where} is not SELECTOR,DOMAIN,FILE; skipped.`);
        continue;
      }
      if (domain === "*") {
        notes.push(`domain-key ${selector},*,… at ${where} signs for any domain; check the domains it signs for by adding them as keys of their own.`);
        continue;
      }
      const scopeName = scope?.arg.trim().toLowerCase() ?? "";
      const ips = scope === null ? allIps : scope.tag === "virtual-mta" ? (ipsOf.get(scopeName) ?? []) : poolIps(scopeName);
      add(domain.toLowerCase(), { selector, source: `domain-key, ${where}`, file: path.resolve(base, file) }, ips);
    }
  };
  walk(nodes, null);
  for (const k of stored) add(k.domain.toLowerCase(), { selector: k.selector, source: "console", pem: k.privateKeyPem }, allIps);
  for (const d of domains.values()) {
    if (d.ips.length === 0) notes.push(`${d.domain}: no source address sends its mail (no smtp-source-host), so SPF cannot be checked.`);
  }
  return { sources, domains: [...domains.values()].sort((a, b) => a.domain.localeCompare(b.domain)), notes };
}

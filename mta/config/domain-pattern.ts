/**
 * Domain patterns (UG5.0 §3.2): `*` (all), `example.com` (that domain only), `*.example.com` (its
 * subdomains only), `[*.]example.com` (the domain and its subdomains), `[ip/mask]` (IP-literal domains)
 * and the reserved `{name}` queues (`{bounce}`, `{sparkpost}`, …). Names are compared lower-cased and in
 * their ASCII (punycode) form, so `<domain Bücher.de>` matches `xn--bcher-kva.de`.
 */

import { domainToASCII } from "node:url";
import { cidrContains, formatCidr, parseCidr, type Cidr } from "./cidr";
import { fail, ok, type Parsed } from "./parsed";

export type DomainPattern =
  | { kind: "any" }
  | { kind: "exact"; domain: string }
  | { kind: "subdomains"; domain: string }
  | { kind: "domain-and-subdomains"; domain: string }
  | { kind: "ip-literal"; cidr: Cidr }
  | { kind: "reserved"; name: string };

const LABEL = /^[a-z0-9_-]{1,63}$/;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Lower-cased ASCII form of a domain name (one trailing dot dropped), or null when it is not a valid
 * name. Cheap for the common case (ASCII input): no IDN conversion is attempted.
 */
export function normalizeDomain(text: string): string | null {
  let d = text.trim().toLowerCase();
  if (d.endsWith(".")) d = d.slice(0, -1);
  if (NON_ASCII.test(d)) d = domainToASCII(d);
  if (d === "" || d.length > 253) return null;
  return d.split(".").every((label) => LABEL.test(label)) ? d : null;
}

export function parseDomainPattern(text: string): Parsed<DomainPattern> {
  const t = text.trim();
  if (t === "*") return ok({ kind: "any" });
  if (/^\{[A-Za-z0-9_-]+\}$/.test(t)) return ok({ kind: "reserved", name: t });
  const named = (kind: "exact" | "subdomains" | "domain-and-subdomains", name: string, offset: number) => {
    if (name.includes("*")) {
      return fail<DomainPattern>(
        `invalid domain pattern "${t}": "*" is only allowed as "*", "*.domain" or "[*.]domain"`,
      );
    }
    const domain = normalizeDomain(name);
    if (domain === null) return fail<DomainPattern>(`invalid domain pattern "${t}": "${name}" is not a domain name`, offset);
    return ok<DomainPattern>({ kind, domain });
  };
  if (t.startsWith("[*.]")) return named("domain-and-subdomains", t.slice(4), 4);
  if (t.startsWith("*.")) return named("subdomains", t.slice(2), 2);
  if (t.startsWith("[") && t.endsWith("]")) {
    const cidr = parseCidr(t.slice(1, -1));
    return cidr.ok ? ok({ kind: "ip-literal", cidr: cidr.value }) : fail(`invalid domain pattern "${t}": ${cidr.message}`, 1);
  }
  return named("exact", t, 0);
}

/** Canonical text of a pattern, as stored in `DomainRule.pattern`. */
export function formatDomainPattern(p: DomainPattern): string {
  switch (p.kind) {
    case "any":
      return "*";
    case "exact":
      return p.domain;
    case "subdomains":
      return `*.${p.domain}`;
    case "domain-and-subdomains":
      return `[*.]${p.domain}`;
    case "ip-literal":
      return `[${formatCidr(p.cidr)}]`;
    case "reserved":
      return p.name;
  }
}

/** True when `domain` (any case, IDN allowed, or `[1.2.3.4]`) is matched by the pattern. Reserved names never match. */
export function domainPatternMatches(p: DomainPattern, domain: string): boolean {
  const literal = /^\[(.+)\]$/.exec(domain.trim());
  if (literal) return p.kind === "any" || (p.kind === "ip-literal" && cidrContains(p.cidr, literal[1]));
  const d = normalizeDomain(domain);
  if (d === null) return p.kind === "any";
  switch (p.kind) {
    case "any":
      return true;
    case "exact":
      return d === p.domain;
    case "subdomains":
      return d.endsWith("." + p.domain);
    case "domain-and-subdomains":
      return d === p.domain || d.endsWith("." + p.domain);
    default:
      return false;
  }
}

/**
 * Whether a domain's SPF record authorises a source address, evaluated by mailauth's SPF checker (the
 * full RFC 7208 logic: include, redirect, a, mx, macros, lookup limits) over the injected resolver.
 */

import { isIPv6 } from "node:net";
import { spf } from "mailauth/lib/spf";
import { lookup, type HealthResolver } from "./resolver";
import type { HealthCheck } from "./types";

/** A resolver with dns.resolve's signature for mailauth, on top of the health resolver, with the per-lookup timeout. */
function spfResolver(resolver: HealthResolver, timeoutMs: number) {
  return async (name: string, type: string): Promise<unknown> => {
    const query = (): Promise<unknown[]> => {
      switch (type) {
        case "TXT":
          return resolver.resolveTxt(name);
        case "A":
          return resolver.resolve4(name);
        case "AAAA":
          return resolver.resolve6(name);
        case "PTR":
          return resolver.reverse(name);
        case "MX":
          return resolver.resolveMx(name);
        default:
          // Anything rarer: the health resolver does not do it; SPF treats this as a lookup error.
          return Promise.reject(Object.assign(new Error(`${type} lookups are not supported by the health checks`), { code: "ENOTSUP" }));
      }
    };
    const r = await lookup(`${type} of ${name}`, query, timeoutMs);
    if (r.kind === "found") return r.records;
    throw Object.assign(new Error(r.kind === "none" ? `${name}: no ${type} record` : r.message), { code: r.kind === "none" ? "ENOTFOUND" : "ETIMEOUT" });
  };
}

/** The domain's current SPF record, for the suggestion; null when none (or unreadable). */
async function currentSpf(domain: string, resolver: HealthResolver, timeoutMs: number): Promise<string | null> {
  const r = await lookup(`TXT of ${domain}`, () => resolver.resolveTxt(domain), timeoutMs);
  if (r.kind !== "found") return null;
  return r.records.map((parts) => parts.join("")).find((t) => /^v=spf1(\s|$)/i.test(t)) ?? null;
}

/** `ip4:X` or `ip6:X` inserted before the record's `all` (or redirect), or a new record when there is none. */
export function spfSuggestion(existing: string | null, ips: readonly string[]): string {
  const mechanisms = ips.map((ip) => `${isIPv6(ip) ? "ip6" : "ip4"}:${ip}`);
  if (!existing) return `v=spf1 ${mechanisms.join(" ")} ~all`;
  const terms = existing.trim().split(/\s+/);
  const at = terms.findIndex((t) => /^[-~?+]?all$/i.test(t) || /^redirect=/i.test(t));
  const missing = mechanisms.filter((m) => !terms.some((t) => t.toLowerCase() === m.toLowerCase()));
  if (at < 0) return [...terms, ...missing].join(" ");
  return [...terms.slice(0, at), ...missing, ...terms.slice(at)].join(" ");
}

export async function checkSpf(domain: string, ip: string, resolver: HealthResolver, timeoutMs: number): Promise<HealthCheck> {
  const title = `SPF for ${ip}`;
  const result = await spf({ sender: `postmaster@${domain}`, ip, mta: "hermod-health", resolver: spfResolver(resolver, timeoutMs) });
  const outcome = result.status.result;
  if (outcome === "temperror") {
    return { kind: "spf", title, status: "warn", found: `${domain}: ${result.status.comment || "temporary DNS error"}`, detail: "The SPF lookup failed; try again later." };
  }
  const existing = await currentSpf(domain, resolver, timeoutMs);
  const found = existing ? `${domain}: ${existing} → ${outcome}` : `${domain}: no SPF record → ${outcome}`;
  if (outcome === "pass") return { kind: "spf", title, status: "pass", found, detail: `${domain} authorises ${ip}.` };
  const value = spfSuggestion(existing, [ip]);
  const why =
    outcome === "none"
      ? `${domain} publishes no SPF record.`
      : outcome === "permerror"
        ? `${domain}'s SPF record is broken (${result.status.comment || "permerror"}).`
        : `${domain}'s SPF record does not authorise ${ip} (${outcome}).`;
  return {
    kind: "spf",
    title,
    status: "fail",
    found,
    detail: `${why} Publish the TXT record below${existing ? " in place of the current one" : ""}.`,
    publish: [{ name: domain, type: "TXT", value }],
  };
}

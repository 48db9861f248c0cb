/**
 * Where to connect for a destination domain: `smtp-hosts` when configured, otherwise MX records in
 * preference order, otherwise the domain's own A/AAAA records (RFC 5321 §5.1 implicit MX).
 * Lookups are cached per domain and concurrent lookups share one query.
 */

import { isIP } from "node:net";
import type { SmtpHost } from "../config/types";
import type { Clock, Resolver } from "../ports";

export interface DeliveryTarget {
  /** Host name as routed (MX exchange or smtp-hosts entry), or the IP for literals. */
  host: string;
  ip: string;
  port: number;
}

export type RouteResult =
  | { kind: "targets"; targets: DeliveryTarget[] }
  | { kind: "fail"; permanent: boolean; status: string; diag: string };

interface CacheEntry {
  until: number;
  result: Promise<RouteResult>;
}

const ROUTE_TTL_MS = 5 * 60_000;
const FAIL_TTL_MS = 30_000;
const MAX_CACHED_DOMAINS = 50_000;

/** DNS error codes that say the name does not exist, as opposed to "could not ask". */
const NO_NAME = new Set(["ENOTFOUND"]);
const NO_DATA = new Set(["ENODATA"]);

export class MxRouter {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly resolver: Resolver,
    private readonly clock: Clock,
  ) {}

  /**
   * Targets for `domain`, most preferred first. Hosts of equal preference are shuffled so that
   * connections spread over them. `staticHosts` (smtp-hosts) bypasses MX lookup.
   */
  route(domain: string, staticHosts: SmtpHost[][] | null, defaultPort: number): Promise<RouteResult> {
    const cacheKey = `${domain}|${staticHosts ? JSON.stringify(staticHosts) : ""}|${defaultPort}`;
    const now = this.clock.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > now) return hit.result;
    const result = this.lookup(domain, staticHosts, defaultPort);
    if (this.cache.size >= MAX_CACHED_DOMAINS) this.cache.clear();
    this.cache.set(cacheKey, { until: now + ROUTE_TTL_MS, result });
    void result.then((r) => {
      if (r.kind === "fail") this.cache.set(cacheKey, { until: this.clock.now() + FAIL_TTL_MS, result });
    });
    return result;
  }

  private async lookup(domain: string, staticHosts: SmtpHost[][] | null, defaultPort: number): Promise<RouteResult> {
    if (staticHosts && staticHosts.length > 0) return this.resolveLevels(staticHosts, defaultPort, domain);
    const literal = /^\[(?:ipv6:)?([^\]]+)\]$/i.exec(domain);
    if (literal && isIP(literal[1])) {
      return { kind: "targets", targets: [{ host: literal[1], ip: literal[1], port: defaultPort }] };
    }
    let mx: { exchange: string; priority: number }[];
    try {
      mx = await this.resolver.resolveMx(domain);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (NO_NAME.has(code)) return fail(true, "5.1.2", `DNS: domain ${domain} does not exist`);
      if (!NO_DATA.has(code)) return fail(false, "4.4.3", `DNS: MX lookup for ${domain} failed (${code || "error"})`);
      mx = [];
    }
    if (mx.length === 1 && (mx[0].exchange === "" || mx[0].exchange === ".")) {
      return fail(true, "5.1.10", `DNS: ${domain} publishes a null MX and accepts no mail`);
    }
    if (mx.length === 0) {
      return this.resolveLevels([[{ host: domain, literal: false }]], defaultPort, domain);
    }
    const levels = new Map<number, SmtpHost[]>();
    for (const record of mx) {
      const level = levels.get(record.priority) ?? [];
      level.push({ host: record.exchange.replace(/\.$/, ""), literal: false });
      levels.set(record.priority, level);
    }
    const ordered = [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([, hosts]) => hosts);
    return this.resolveLevels(ordered, defaultPort, domain);
  }

  private async resolveLevels(levels: SmtpHost[][], defaultPort: number, domain: string): Promise<RouteResult> {
    const targets: DeliveryTarget[] = [];
    let transient = false;
    for (const level of levels) {
      const resolved = await Promise.all(shuffle([...level]).map((h) => this.addresses(h)));
      for (let i = 0; i < resolved.length; i++) {
        const { host, ips, failed } = resolved[i];
        transient ||= failed;
        const port = resolved[i].port ?? defaultPort;
        for (const ip of ips) targets.push({ host, ip, port });
      }
    }
    if (targets.length > 0) return { kind: "targets", targets };
    if (transient) return fail(false, "4.4.3", `DNS: could not resolve the mail hosts of ${domain}`);
    return fail(true, "5.4.4", `DNS: no address for the mail hosts of ${domain}`);
  }

  private async addresses(h: SmtpHost): Promise<{ host: string; ips: string[]; port?: number; failed: boolean }> {
    if (h.literal || isIP(h.host)) return { host: h.host, ips: [h.host], port: h.port, failed: false };
    const [v4, v6] = await Promise.allSettled([this.resolver.resolve4(h.host), this.resolver.resolve6(h.host)]);
    const ips = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
    const failed = [v4, v6].some(
      (r) => r.status === "rejected" && !NO_NAME.has((r.reason as NodeJS.ErrnoException).code ?? "") && !NO_DATA.has((r.reason as NodeJS.ErrnoException).code ?? ""),
    );
    return { host: h.host, ips, port: h.port, failed };
  }
}

function fail(permanent: boolean, status: string, diag: string): RouteResult {
  return { kind: "fail", permanent, status, diag };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

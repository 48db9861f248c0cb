/**
 * Where to connect for a destination domain: `smtp-hosts` when configured, otherwise MX records in
 * preference order, otherwise the domain's own A/AAAA records (RFC 5321 §5.1 implicit MX).
 * Lookups are cached per domain and concurrent lookups share one query; the hosts of one preference
 * level take turns at the head of the list, one route after another, so connections spread over them.
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
  | {
      kind: "targets";
      targets: DeliveryTarget[];
      /**
       * The most preferred MX hosts (lower-cased, sorted) when the route came from MX records: what
       * MX rollups and the automatic grouping of domains sharing MX hosts key on. Null for smtp-hosts,
       * IP literals and the A/AAAA fallback.
       */
      mxHosts: string[] | null;
      /** True when the domain has no MX and its own address is used (RFC 5321 §5.1). */
      noMx: boolean;
    }
  | { kind: "fail"; permanent: boolean; status: string; diag: string };

/** A lookup's result with its targets still grouped by preference level. */
type Resolved =
  | { kind: "targets"; levels: DeliveryTarget[][]; mxHosts: string[] | null; noMx: boolean }
  | Extract<RouteResult, { kind: "fail" }>;

interface CacheEntry {
  until: number;
  result: Promise<Resolved>;
  /** Routes handed out from this entry: which host of each level goes first next. */
  turn: number;
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
   * Targets for `domain`, most preferred first. Hosts of equal preference take turns at the head of
   * their level, so that connections spread over them. `staticHosts` (smtp-hosts) bypasses MX lookup.
   */
  route(domain: string, staticHosts: SmtpHost[][] | null, defaultPort: number): Promise<RouteResult> {
    const cacheKey = `${domain}|${staticHosts ? JSON.stringify(staticHosts) : ""}|${defaultPort}`;
    const now = this.clock.now();
    let entry = this.cache.get(cacheKey);
    if (!entry || entry.until <= now) {
      const result = this.lookup(domain, staticHosts, defaultPort);
      if (this.cache.size >= MAX_CACHED_DOMAINS) this.cache.clear();
      const fresh: CacheEntry = { until: now + ROUTE_TTL_MS, result, turn: 0 };
      this.cache.set(cacheKey, fresh);
      void result.then((r) => {
        if (r.kind === "fail") fresh.until = this.clock.now() + FAIL_TTL_MS;
      });
      entry = fresh;
    }
    const turn = entry.turn++;
    return entry.result.then((r) => (r.kind === "fail" ? r : { kind: "targets", targets: r.levels.flatMap((level) => rotate(level, turn)), mxHosts: r.mxHosts, noMx: r.noMx }));
  }

  private async lookup(domain: string, staticHosts: SmtpHost[][] | null, defaultPort: number): Promise<Resolved> {
    if (staticHosts && staticHosts.length > 0) return this.resolveLevels(staticHosts, defaultPort, domain, null, false);
    const literal = /^\[(?:ipv6:)?([^\]]+)\]$/i.exec(domain);
    if (literal && isIP(literal[1])) {
      return { kind: "targets", levels: [[{ host: literal[1], ip: literal[1], port: defaultPort }]], mxHosts: null, noMx: false };
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
      return this.resolveLevels([[{ host: domain, literal: false }]], defaultPort, domain, null, true);
    }
    const levels = new Map<number, SmtpHost[]>();
    for (const record of mx) {
      const level = levels.get(record.priority) ?? [];
      level.push({ host: record.exchange.replace(/\.$/, ""), literal: false });
      levels.set(record.priority, level);
    }
    const ordered = [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([, hosts]) => hosts);
    const mxHosts = ordered[0].map((h) => h.host.toLowerCase()).sort();
    return this.resolveLevels(ordered, defaultPort, domain, mxHosts, false);
  }

  private async resolveLevels(levels: SmtpHost[][], defaultPort: number, domain: string, mxHosts: string[] | null, noMx: boolean): Promise<Resolved> {
    const targets: DeliveryTarget[][] = [];
    let transient = false;
    for (const level of levels) {
      const resolved = await Promise.all(level.map((h) => this.addresses(h)));
      const found: DeliveryTarget[] = [];
      for (const { host, ips, failed, port } of resolved) {
        transient ||= failed;
        for (const ip of ips) found.push({ host, ip, port: port ?? defaultPort });
      }
      if (found.length > 0) targets.push(found);
    }
    if (targets.length > 0) return { kind: "targets", levels: targets, mxHosts, noMx };
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

function fail(permanent: boolean, status: string, diag: string): Resolved {
  return { kind: "fail", permanent, status, diag };
}

/** `items` starting at position `turn` (modulo its length), wrapping round. */
function rotate<T>(items: readonly T[], turn: number): T[] {
  const k = turn % items.length;
  return k === 0 ? [...items] : [...items.slice(k), ...items.slice(0, k)];
}

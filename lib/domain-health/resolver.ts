/**
 * The DNS lookups the sending-domain health checks make, behind an interface so tests run on an
 * in-memory zone (testing/memory-resolver.ts) and never need the internet. Production uses
 * node:dns/promises with one try and a timeout per lookup.
 */

import { Resolver } from "node:dns/promises";

export interface HealthResolver {
  /** PTR names of an address. */
  reverse(ip: string): Promise<string[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  /** TXT records, each as its character strings. */
  resolveTxt(name: string): Promise<string[][]>;
  /** For SPF's `mx` mechanism. */
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
}

/** What a lookup gave: records, "none" (the name or type does not exist), or an error to report. */
export type Lookup<T> = { kind: "found"; records: T } | { kind: "none" } | { kind: "error"; message: string };

/** Errors that mean "no such record" rather than "could not tell". */
const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

export const DEFAULT_LOOKUP_TIMEOUT_MS = 5_000;

/** node:dns/promises with one try and `timeoutMs` per query. */
export function systemResolver(timeoutMs = DEFAULT_LOOKUP_TIMEOUT_MS): HealthResolver {
  const r = new Resolver({ timeout: timeoutMs, tries: 1 });
  return {
    reverse: (ip) => r.reverse(ip),
    resolve4: (name) => r.resolve4(name),
    resolve6: (name) => r.resolve6(name),
    resolveTxt: (name) => r.resolveTxt(name),
    resolveMx: (name) => r.resolveMx(name),
  };
}

/**
 * Runs one lookup with a deadline of its own (whatever the resolver does), and sorts the outcome into
 * found / none / error. An empty answer counts as none.
 */
export async function lookup<T extends unknown[]>(what: string, query: () => Promise<T>, timeoutMs: number): Promise<Lookup<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer within ${timeoutMs} ms`), { code: "ETIMEOUT" })), timeoutMs);
  });
  try {
    const records = await Promise.race([query(), deadline]);
    return records.length === 0 ? { kind: "none" } : { kind: "found", records };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (NO_RECORD.has(code)) return { kind: "none" };
    const message = (err as Error).message || code;
    return { kind: "error", message: message.startsWith(what) ? message : `${what}: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** DNS names compare without case and without a trailing dot. */
export function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, "").toLowerCase() === b.replace(/\.$/, "").toLowerCase();
}

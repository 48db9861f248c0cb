/** An in-memory DNS zone for the health-check tests: no network. Test-only. */

import type { HealthResolver } from "../resolver";

export interface Zone {
  ptr?: Record<string, string[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  /** Name → TXT records, each given as one string (split into 255-byte strings like DNS does). */
  txt?: Record<string, string[]>;
  mx?: Record<string, { exchange: string; priority: number }[]>;
  /** Names whose every lookup fails with SERVFAIL. */
  broken?: string[];
  /** Names whose lookups never answer. */
  hang?: string[];
}

const notFound = (name: string) => Object.assign(new Error(`queryX ENOTFOUND ${name}`), { code: "ENOTFOUND" });

export function memoryResolver(zone: Zone): HealthResolver & { queries: string[] } {
  const queries: string[] = [];
  const answer = <T>(type: string, name: string, table: Record<string, T[]> | undefined): Promise<T[]> => {
    queries.push(`${type} ${name}`);
    const key = name.toLowerCase();
    if (zone.hang?.includes(key)) return new Promise(() => undefined);
    if (zone.broken?.includes(key)) return Promise.reject(Object.assign(new Error(`query ESERVFAIL ${name}`), { code: "ESERVFAIL" }));
    const found = table?.[key];
    return found ? Promise.resolve(found) : Promise.reject(notFound(name));
  };
  const chunk = (s: string) => s.match(/.{1,255}/g) ?? [""];
  return {
    queries,
    reverse: (ip) => answer("PTR", ip, zone.ptr),
    resolve4: (name) => answer("A", name, zone.a),
    resolve6: (name) => answer("AAAA", name, zone.aaaa),
    resolveMx: (name) => answer("MX", name, zone.mx),
    resolveTxt: async (name) => (await answer("TXT", name, zone.txt)).map(chunk),
  };
}

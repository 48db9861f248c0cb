/**
 * An `X-API-Key` value → who it is. An `http-api-key` directive value is admin (PowerMTA); a console
 * key (ApiKey row, not revoked) has its own role. Keys are compared by SHA-256 digest with
 * timingSafeEqual, every directive key checked (no early exit), so timing says nothing about a key.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import { createApiKeyRepository, hashApiKey, type ApiKeyRepository } from "../../db/api-key-repository";
import type { Principal } from "../../status/principal";

export interface ApiKeyAuthDeps {
  /** The running config's `http-api-key` values. */
  directiveKeys: readonly string[];
  keys: Pick<ApiKeyRepository, "findActiveByHash" | "touch">;
  now: () => Date;
}

/** `lastUsedAt` is written at most this often per key, so a busy poller does not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export function matchesDirectiveKey(presented: string, directiveKeys: readonly string[]): boolean {
  const p = digest(presented);
  let match = false;
  for (const k of directiveKeys) match = timingSafeEqual(p, digest(k)) || match;
  return match;
}

/** The caller a key stands for, or null when it is no valid key. */
export async function authenticateApiKey(presented: string, deps: ApiKeyAuthDeps): Promise<Principal | null> {
  if (presented.length === 0 || presented.length > 256) return null;
  if (matchesDirectiveKey(presented, deps.directiveKeys)) return { role: "admin", actor: "http-api-key" };
  const hash = hashApiKey(presented);
  const row = await deps.keys.findActiveByHash(hash);
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) return null;
  const now = deps.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    deps.keys.touch(row.id, now).catch((err: unknown) => console.error("hermod: could not record an API key's use", err));
  }
  return { role: row.role, actor: `api-key:${row.name}` };
}

export function apiKeyAuthDeps(directiveKeys: readonly string[]): ApiKeyAuthDeps {
  return { directiveKeys, keys: createApiKeyRepository(), now: () => new Date() };
}

/**
 * authenticateApiKey with the console keys' lookups remembered for `ttlMs`: a poller sending the same
 * key many times a second costs one database read per interval. A revoked key stops working within
 * `ttlMs` (the cache is per process copy, so the console's revoke cannot clear it directly). Failed
 * lookups are not remembered, so a new key works at once.
 */
export function cachedApiKeyAuthenticator(ttlMs: number, depsFor: (directiveKeys: readonly string[]) => ApiKeyAuthDeps = apiKeyAuthDeps) {
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (presented: string, directiveKeys: readonly string[]): Promise<Principal | null> => {
    const deps = depsFor(directiveKeys);
    if (matchesDirectiveKey(presented, directiveKeys)) return { role: "admin", actor: "http-api-key" };
    const hash = hashApiKey(presented);
    const now = deps.now().getTime();
    const hit = cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const principal = await authenticateApiKey(presented, deps);
    if (cache.size > 1000) cache.clear();
    if (principal) cache.set(hash, { principal, until: now + ttlMs });
    else cache.delete(hash);
    return principal;
  };
}

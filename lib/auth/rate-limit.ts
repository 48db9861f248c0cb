/**
 * In-memory sliding-window counters of failed logins. The policy is data (LOGIN_RULES); the mechanism
 * only counts timestamps per key and prunes them. Memory is bounded: at most MAX_KEYS keys per rule,
 * the least recently touched evicted first. The clock is injected for tests.
 */

export interface WindowRule {
  /** Used in keys and audit details. */
  name: string;
  /** Failures allowed inside the window; the next attempt is refused. */
  max: number;
  windowMs: number;
  key(username: string, ip: string): string;
  /** A successful login forgets this rule's failures for that key. */
  clearOnSuccess: boolean;
}

const MINUTE = 60_000;

/** 5 failures per 10 minutes for one username from one address; 20 per address for all usernames. */
export const LOGIN_RULES: readonly WindowRule[] = [
  { name: "username+ip", max: 5, windowMs: 10 * MINUTE, key: (u, ip) => `${u}\u0000${ip}`, clearOnSuccess: true },
  { name: "ip", max: 20, windowMs: 10 * MINUTE, key: (_u, ip) => ip, clearOnSuccess: false },
];

const MAX_KEYS = 10_000;

export type LimitVerdict = { allowed: true } | { allowed: false; rule: string; retryAfterMs: number };

export class LoginRateLimiter {
  private readonly windows = new Map<string, Map<string, number[]>>();

  constructor(
    private readonly rules: readonly WindowRule[] = LOGIN_RULES,
    private readonly now: () => number = Date.now,
  ) {
    for (const rule of rules) this.windows.set(rule.name, new Map());
  }

  /** Whether an attempt may proceed; when refused, how long until the oldest counted failure expires. */
  check(username: string, ip: string): LimitVerdict {
    const now = this.now();
    let worst: LimitVerdict = { allowed: true };
    for (const rule of this.rules) {
      const hits = this.live(rule, rule.key(normalize(username), ip), now);
      if (hits.length >= rule.max) {
        const retryAfterMs = hits[hits.length - rule.max] + rule.windowMs - now;
        if (worst.allowed || retryAfterMs > worst.retryAfterMs) worst = { allowed: false, rule: rule.name, retryAfterMs };
      }
    }
    return worst;
  }

  /** Counts a failure; returns the rules this failure just pushed over their limit. */
  recordFailure(username: string, ip: string): string[] {
    const now = this.now();
    const tripped: string[] = [];
    for (const rule of this.rules) {
      const key = rule.key(normalize(username), ip);
      const hits = this.live(rule, key, now);
      hits.push(now);
      const map = this.windows.get(rule.name)!;
      map.delete(key); // re-insert: Map order is the eviction order
      map.set(key, hits);
      if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
      if (hits.length === rule.max) tripped.push(rule.name);
    }
    return tripped;
  }

  /** A successful login clears the failures of rules marked `clearOnSuccess` (not the address's own). */
  recordSuccess(username: string, ip: string): void {
    for (const rule of this.rules) {
      if (rule.clearOnSuccess) this.windows.get(rule.name)!.delete(rule.key(normalize(username), ip));
    }
  }

  private live(rule: WindowRule, key: string, now: number): number[] {
    const map = this.windows.get(rule.name)!;
    const hits = map.get(key);
    if (!hits) return [];
    const fresh = hits.filter((t) => t > now - rule.windowMs);
    if (fresh.length === 0) map.delete(key);
    else if (fresh.length !== hits.length) map.set(key, fresh);
    return fresh;
  }
}

function normalize(username: string): string {
  return username.trim().toLowerCase();
}

export function retryAfterMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE));
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = retryAfterMinutes(retryAfterMs);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

const KEY = Symbol.for("hermod.login-limiter");
type Registry = { [KEY]?: LoginRateLimiter };

/** The process-wide limiter (shared by the login route and next-auth's authorize). */
export function getLoginLimiter(): LoginRateLimiter {
  const registry = globalThis as Registry;
  registry[KEY] ??= new LoginRateLimiter();
  return registry[KEY];
}

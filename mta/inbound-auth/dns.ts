/**
 * DNS for inbound authentication: mailauth asks `(name, rrtype)` as `dns.promises.resolve` does (TXT
 * answers as string[][]). Every lookup is bounded by one deadline for the whole check, so a resolver
 * that never answers turns into ETIMEOUT (SPF, DKIM and DMARC then say temperror) instead of a hung
 * SMTP session.
 */

import type { Resolver } from "../ports";

/** mailauth's resolver signature. */
export type AuthDns = (name: string, rrtype: string) => Promise<unknown>;

/** The engine's resolver port as mailauth's resolver; one without `resolve` answers nothing (temperror). */
export function authDnsOf(resolver: Resolver): AuthDns {
  if (resolver.resolve) return (name, rrtype) => resolver.resolve!(name, rrtype);
  return async (name) => {
    throw Object.assign(new Error(`no resolver for inbound authentication (${name})`), { code: "ESERVFAIL" });
  };
}

/** A lookup timer that starts when `arm()` is called (the end of the content) and ends every lookup at `timeoutMs`. */
export class LookupDeadline {
  private at = Infinity;
  private expiredFlag = false;
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly timeoutMs: number) {}

  /** True once a lookup was cut off. */
  get expired(): boolean {
    return this.expiredFlag;
  }

  arm(): void {
    if (this.at !== Infinity) return;
    this.at = Date.now() + this.timeoutMs;
    this.timer = setTimeout(() => this.expire(), this.timeoutMs);
    this.timer.unref?.();
  }

  /** Resolves when the deadline passes (never if it is never armed). */
  passed(): Promise<void> {
    if (Date.now() >= this.at) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiters.clear();
  }

  /** `dns` whose answers race the deadline; a late lookup rejects with code ETIMEOUT. */
  wrap(dns: AuthDns): AuthDns {
    return (name, rrtype) => {
      const timeout = () => {
        this.expiredFlag = true;
        return Promise.reject(Object.assign(new Error(`DNS ${rrtype} ${name}: timed out`), { code: "ETIMEOUT" }));
      };
      if (Date.now() >= this.at) return timeout();
      return Promise.race([dns(name, rrtype), this.passed().then(timeout)]);
    };
  }

  private expire(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
}

/**
 * Checks SMTP AUTH credentials against the `<smtp-user>` accounts. A `{bcrypt}…` password is verified
 * with bcrypt; a clear one (PowerMTA's format) and an XOAUTH2 bearer token are compared in constant
 * time. Every attempt costs exactly one bcrypt comparison at the accounts' cost, whether the user
 * exists, has a clear password or a hash, so an unknown user takes as long as a wrong password.
 */

import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { BCRYPT_PREFIX } from "../config/compile-smtp-user";
import type { SmtpUserConfig } from "../config/types";

export type Credentials =
  | { method: "PLAIN" | "LOGIN"; username: string; password: string }
  | { method: "XOAUTH2"; username: string; accessToken: string };

/** The cost of the dummy hash when no account has a hash of its own (bcryptjs's default). */
const DEFAULT_COST = 10;
const dummyHashes = new Map<number, Promise<string>>();

/** A hash of a random, discarded secret at `cost`, made once per cost and process. */
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash(crypto.randomBytes(18).toString("base64"), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

function costOf(hash: string): number {
  return Number(hash.slice(4, 6));
}

/** Constant-time equality of two strings of any length (their SHA-256 digests are compared). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

export class SmtpUserDirectory {
  private readonly users = new Map<string, SmtpUserConfig>();
  private readonly cost: number;

  constructor(users: readonly SmtpUserConfig[]) {
    let cost = 0;
    for (const u of users) {
      this.users.set(u.name, u);
      if (u.password?.startsWith(BCRYPT_PREFIX)) cost = Math.max(cost, costOf(u.password.slice(BCRYPT_PREFIX.length)));
    }
    this.cost = cost || DEFAULT_COST;
  }

  /** Whether any account can use XOAUTH2 (the mechanism is offered only then). */
  get offersXoauth2(): boolean {
    for (const u of this.users.values()) if (u.oauth2Token) return true;
    return false;
  }

  /** The account the credentials prove, or null (unknown user, wrong secret, no secret of that kind). */
  async verify(c: Credentials): Promise<SmtpUserConfig | null> {
    const user = this.users.get(c.username);
    const stored = c.method === "XOAUTH2" ? user?.oauth2Token : user?.password;
    const offered = c.method === "XOAUTH2" ? c.accessToken : c.password;
    if (stored?.startsWith(BCRYPT_PREFIX) && c.method !== "XOAUTH2") {
      return (await bcrypt.compare(offered, stored.slice(BCRYPT_PREFIX.length))) ? user! : null;
    }
    // Clear secret or no account: the same bcrypt work as a hashed one, then a constant-time compare.
    await bcrypt.compare(offered, await dummyHash(this.cost));
    return stored !== undefined && sameSecret(offered, stored) ? user! : null;
  }
}

import "server-only";

/**
 * The login use case: rate limit → credential check → audit. Unknown user, disabled user and wrong
 * password give the same answer after the same bcrypt work (verifyPassword compares against a dummy
 * hash when there is no user), so the response tells an attacker nothing.
 */

import { verifyPassword } from "../auth/password";
import type { Role } from "../auth/permissions";
import { getLoginLimiter, tooManyAttemptsMessage } from "../auth/rate-limit";
import { createAuditRepository } from "../db/audit-repository";
import { createUserRepository } from "../db/user-repository";

export const INVALID_CREDENTIALS_MESSAGE = "Invalid username or password.";
const MAX_AUDITED_USERNAME = 64;

export type AuthenticateResult =
  | { ok: true; user: { id: string; username: string; role: Role } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; message: string; retryAfterMs: number };

export async function authenticate(input: { username: string; password: string; ip: string }): Promise<AuthenticateResult> {
  const username = input.username.trim().toLowerCase().slice(0, 200);
  const limiter = getLoginLimiter();
  const verdict = limiter.check(username, input.ip);
  if (!verdict.allowed) {
    return { ok: false, reason: "rate-limited", retryAfterMs: verdict.retryAfterMs, message: tooManyAttemptsMessage(verdict.retryAfterMs) };
  }

  const users = createUserRepository();
  const audit = createAuditRepository();
  const creds = username ? await users.findCredentials(username) : null;
  const passwordOk = await verifyPassword(input.password, creds?.passwordHash ?? null);

  if (!creds || creds.disabled || !passwordOk) {
    const tripped = limiter.recordFailure(username, input.ip);
    const target = username.slice(0, MAX_AUDITED_USERNAME);
    const reason = !creds ? "unknown-user" : creds.disabled ? "disabled" : "bad-password";
    await audit.record({ actor: target || "(empty)", action: "auth.login-failed", target, detail: { ip: input.ip, reason } });
    if (tripped.length > 0) {
      await audit.record({ actor: "system", action: "auth.lockout", target, detail: { ip: input.ip, rules: tripped } });
    }
    return { ok: false, reason: "invalid" };
  }

  limiter.recordSuccess(username, input.ip);
  await users.recordLogin(creds.id, new Date());
  await audit.record({ actor: creds.username, action: "auth.login", target: creds.username, detail: { ip: input.ip } });
  return { ok: true, user: { id: creds.id, username: creds.username, role: creds.role } };
}

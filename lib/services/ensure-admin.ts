/**
 * First start: when there is no user at all, create `admin`. With HERMOD_ADMIN_PASSWORD set, that is
 * the password; otherwise a random one is printed ONCE to stdout. Once any user exists this does
 * nothing, so the password is never shown again. Called by server.ts at boot: no "server-only".
 */

import { getEnv } from "../env";
import { generatePassword, hashPassword } from "../auth/password";
import { createAuditRepository, type AuditRepository } from "../db/audit-repository";
import { createUserRepository, type UserRepository } from "../db/user-repository";

export const FIRST_ADMIN_USERNAME = "admin";

export interface EnsureAdminDeps {
  users?: Pick<UserRepository, "createIfNoUsers" | "count">;
  audit?: Pick<AuditRepository, "record">;
  /** The first admin's password; undefined reads HERMOD_ADMIN_PASSWORD, null means "generate one". */
  adminPassword?: string | null;
  loginUrl?: string;
  print?: (text: string) => void;
}

export function firstStartBanner(loginUrl: string, password: string): string {
  const lines = [
    "Hermod: first start.",
    `Log in at ${loginUrl} as ${FIRST_ADMIN_USERNAME} / ${password}`,
    "Change it under Users. This password is not shown again.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${"-".repeat(width + 2)}+`;
  return [rule, ...lines.map((l) => `| ${l.padEnd(width)} |`), rule].join("\n");
}

export async function ensureAdminUser(deps: EnsureAdminDeps = {}): Promise<void> {
  const users = deps.users ?? createUserRepository();
  if ((await users.count()) > 0) return;

  const env = deps.adminPassword === undefined || deps.loginUrl === undefined ? getEnv() : undefined;
  const fromEnv = deps.adminPassword === undefined ? env?.adminPassword : (deps.adminPassword ?? undefined);
  const password = fromEnv ?? generatePassword();
  const created = await users.createIfNoUsers({
    username: FIRST_ADMIN_USERNAME,
    role: "admin",
    passwordHash: await hashPassword(password),
  });
  if (!created) return; // another process created the first user meanwhile

  await (deps.audit ?? createAuditRepository()).record({
    actor: "system",
    action: "user.create",
    target: created.username,
    detail: { role: "admin", firstStart: true, passwordFrom: fromEnv ? "HERMOD_ADMIN_PASSWORD" : "generated" },
  });
  const print = deps.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  if (fromEnv) print(`Hermod: first start. Created user ${FIRST_ADMIN_USERNAME} with the password from HERMOD_ADMIN_PASSWORD.`);
  else print(firstStartBanner(deps.loginUrl ?? env!.authUrl, password));
}

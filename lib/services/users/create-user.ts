import "server-only";

import { hashPassword } from "../../auth/password";
import { createAuditRepository } from "../../db/audit-repository";
import { createUserRepository } from "../../db/user-repository";
import type { TCreateUserInput } from "../../schemas/user";

export async function createUser(actor: { username: string }, input: TCreateUserInput): Promise<string> {
  const user = await createUserRepository().create({
    username: input.username,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  await createAuditRepository().record({
    actor: actor.username,
    action: "user.create",
    target: user.username,
    detail: { role: user.role },
  });
  return `User ${user.username} created as ${user.role}.`;
}

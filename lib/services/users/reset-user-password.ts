import "server-only";

import { hashPassword } from "../../auth/password";
import { createAuditRepository } from "../../db/audit-repository";
import { createUserRepository } from "../../db/user-repository";
import type { TResetPasswordInput } from "../../schemas/user";

export async function resetUserPassword(actor: { username: string }, input: TResetPasswordInput): Promise<string> {
  const { after } = await createUserRepository().update(input.userId, { passwordHash: await hashPassword(input.password) });
  await createAuditRepository().record({ actor: actor.username, action: "user.password-reset", target: after.username });
  return `Password of ${after.username} reset.`;
}

import "server-only";

import { createAuditRepository } from "../../db/audit-repository";
import { createUserRepository } from "../../db/user-repository";
import type { TChangeUserRoleInput } from "../../schemas/user";

/** Changes a role; the repository refuses to demote the last active admin. */
export async function changeUserRole(actor: { username: string }, input: TChangeUserRoleInput): Promise<string> {
  const { before, after } = await createUserRepository().update(input.userId, { role: input.role });
  if (before.role !== after.role) {
    await createAuditRepository().record({
      actor: actor.username,
      action: "user.role",
      target: after.username,
      detail: { from: before.role, to: after.role },
    });
  }
  return `${after.username} is now ${after.role}.`;
}

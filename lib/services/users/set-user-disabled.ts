import "server-only";

import { createAuditRepository } from "../../db/audit-repository";
import { createUserRepository } from "../../db/user-repository";
import { ExpectedError } from "../../errors";
import type { TSetUserDisabledInput } from "../../schemas/user";

/** Disables or re-enables a user; a disabled user loses access on their next request. */
export async function setUserDisabled(actor: { id: string; username: string }, input: TSetUserDisabledInput): Promise<string> {
  if (input.disabled && input.userId === actor.id) {
    throw new ExpectedError("SELF_DISABLE", "You cannot disable your own account.");
  }
  const { before, after } = await createUserRepository().update(input.userId, { disabled: input.disabled });
  if (before.disabled !== after.disabled) {
    await createAuditRepository().record({
      actor: actor.username,
      action: after.disabled ? "user.disable" : "user.enable",
      target: after.username,
    });
  }
  return `User ${after.username} ${after.disabled ? "disabled" : "enabled"}.`;
}

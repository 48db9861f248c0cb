import "server-only";

import type { Role } from "../auth/permissions";
import { createUserRepository } from "../db/user-repository";

export interface ActiveUser {
  id: string;
  username: string;
  role: Role;
}

/** The user as stored now, or null when it no longer exists or is disabled. */
export async function getActiveUser(id: string): Promise<ActiveUser | null> {
  const user = await createUserRepository().findById(id);
  if (!user || user.disabled) return null;
  return { id: user.id, username: user.username, role: user.role };
}

import "server-only";

import { createUserRepository } from "../../db/user-repository";
import type { TUserRow } from "../../schemas/user";

export async function listUsers(): Promise<TUserRow[]> {
  const users = await createUserRepository().list();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  }));
}

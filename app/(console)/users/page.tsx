import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { listUsers } from "@/lib/services/users/list-users";
import { UsersClient } from "./users-client";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requirePagePermission("users.read");
  const users = await listUsers();
  return <UsersClient users={users} currentUserId={me.id} />;
}

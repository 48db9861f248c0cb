import "server-only";

/**
 * The authorization boundary. EVERY page, route handler and server action calls one of the three
 * entry points below. Each re-loads the user from the database, so a disabled or demoted user loses
 * access on the next request rather than when the JWT expires. proxy.ts is only a redirect.
 */

import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getActiveUser, type ActiveUser } from "../services/get-active-user";
import { getAuthOptions } from "./auth-options";
import { hasPermission, type Permission } from "./permissions";

export type SessionUser = ActiveUser;

export class PermissionError extends Error {
  override name = "PermissionError";
  constructor(
    readonly status: 401 | 403,
    readonly permission: Permission,
  ) {
    super(status === 401 ? "Not signed in." : `Missing permission ${permission}.`);
  }
}

/** This request's next-auth session (deduplicated per request), or null. */
export const getRequestSession = cache(() => getServerSession(getAuthOptions()));

/** The signed-in, still-active user of this request (deduplicated per request), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getRequestSession();
  const id = session?.user?.id;
  return id ? getActiveUser(id) : null;
});

/** Resolves the user or throws PermissionError (401 anonymous, 403 lacking the permission). */
export async function checkPermission(permission: Permission): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new PermissionError(401, permission);
  if (!hasPermission(user.role, permission)) throw new PermissionError(403, permission);
  return user;
}

/** Pages: anonymous → redirect to /login; lacking the permission → the 403 page (forbidden()). */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  try {
    return await checkPermission(permission);
  } catch (err) {
    if (!(err instanceof PermissionError)) throw err;
    if (err.status === 401) redirect("/login");
    forbidden();
  }
}

/** Route handlers: the user, or a 401/403 JSON response to return as is. */
export async function requireRoutePermission(
  permission: Permission,
): Promise<{ ok: true; user: SessionUser } | { ok: false; response: Response }> {
  try {
    return { ok: true, user: await checkPermission(permission) };
  } catch (err) {
    if (!(err instanceof PermissionError)) throw err;
    const error = err.status === 401 ? "unauthorized" : "forbidden";
    return { ok: false, response: Response.json({ error }, { status: err.status, headers: { "cache-control": "no-store" } }) };
  }
}

/** Server actions: the user, or a thrown PermissionError (lib/actions/safe-action.ts maps it to 401/403). */
export function requireActionPermission(permission: Permission): Promise<SessionUser> {
  return checkPermission(permission);
}

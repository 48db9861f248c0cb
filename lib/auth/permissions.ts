/**
 * Who may do what: ONE table. Every page, route handler and server action asks `hasPermission` (through
 * lib/auth/require-permission.ts); navigation is built from the same table. Pure data, no imports, so
 * boot code, tests and client components can all read it.
 */

export const ROLES = ["admin", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "monitor.read",
  "queues.read",
  "queues.write",
  "records.read",
  "config.read",
  "config.write",
  /** Secret values in the config text (smtp-user passwords, API keys); without it they are masked. */
  "config.secrets.read",
  "users.read",
  "users.write",
  "audit.read",
  /** Create, change and delete alert rules (everyone who reads the monitor sees alerts). */
  "alerts.write",
  /** Create and revoke status-API keys. */
  "api-keys.write",
  /** Create and delete suppression lists, upload, add and delete entries (reading needs records.read). */
  "suppression.write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = ["monitor.read", "queues.read", "records.read", "config.read"];

/**
 * viewer reads (the config too, with secrets masked); operator also acts on queues; admin does
 * everything: users, config changes (edit, import, rollback) and the config's secrets.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  viewer: Object.freeze([...READ]),
  operator: Object.freeze<Permission[]>([...READ, "queues.write", "alerts.write", "suppression.write"]),
  admin: Object.freeze([...PERMISSIONS]),
});

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "Admin",
  operator: "Operator",
  viewer: "Viewer",
};

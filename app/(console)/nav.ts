import type { NavItem } from "@/components/layout/app-sidebar";
import type { Permission } from "@/lib/auth/permissions";

/** The console's sections and the permission each needs; the sidebar shows those the role has. */
export const CONSOLE_NAV: readonly (NavItem & { permission: Permission })[] = [
  { href: "/monitor", label: "Monitor", icon: "monitor", permission: "monitor.read" },
  { href: "/config", label: "Config", icon: "config", permission: "config.read" },
  { href: "/config/revisions", label: "Revisions", icon: "history", permission: "config.read" },
  { href: "/users", label: "Users", icon: "users", permission: "users.read" },
];

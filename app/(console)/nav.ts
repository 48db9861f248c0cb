import type { NavItem } from "@/components/layout/app-sidebar";
import type { Permission } from "@/lib/auth/permissions";

/** The console's sections and the permission each needs; the sidebar shows those the role has. */
export const CONSOLE_NAV: readonly (NavItem & { permission: Permission })[] = [
  { href: "/monitor", label: "Monitor", icon: "monitor", permission: "monitor.read" },
  { href: "/queues", label: "Queues", icon: "queues", permission: "queues.read" },
  { href: "/records", label: "Accounting", icon: "records", permission: "records.read" },
  { href: "/suppression", label: "Suppression", icon: "suppression", permission: "records.read" },
  { href: "/feedback", label: "Feedback loops", icon: "alerts", permission: "records.read" },
  { href: "/alerts", label: "Alerts", icon: "alerts", permission: "monitor.read" },
  { href: "/config", label: "Config", icon: "config", permission: "config.read" },
  { href: "/config/revisions", label: "Revisions", icon: "history", permission: "config.read" },
  { href: "/dkim", label: "DKIM", icon: "keys", permission: "config.read" },
  { href: "/health", label: "Domain health", icon: "monitor", permission: "config.read" },
  { href: "/users", label: "Users", icon: "users", permission: "users.read" },
  { href: "/api-keys", label: "API keys", icon: "keys", permission: "api-keys.write" },
];

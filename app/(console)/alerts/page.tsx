import type { Metadata } from "next";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { AlertsClient } from "./alerts-client";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage() {
  const user = await requirePagePermission("monitor.read");
  const view = await listAlerts();
  return <AlertsClient view={view} canWrite={hasPermission(user.role, "alerts.write")} />;
}

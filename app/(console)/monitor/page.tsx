import type { Metadata } from "next";
import { OpenAlertsBanner } from "@/components/alerts/open-alerts-banner";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { countOpenAlerts } from "@/lib/services/alerts/count-open-alerts";
import { getMonitorSnapshot } from "@/lib/services/monitor-feed";
import { MonitorClient } from "./monitor-client";

export const metadata: Metadata = { title: "Monitor" };
export const dynamic = "force-dynamic";

export default async function MonitorPage() {
  await requirePagePermission("monitor.read");
  const [initial, openAlerts] = await Promise.all([getMonitorSnapshot(), countOpenAlerts()]);
  return (
    <div className="space-y-4">
      <OpenAlertsBanner count={openAlerts} />
      <MonitorClient initial={initial} />
    </div>
  );
}

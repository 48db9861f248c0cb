import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { getMonitorSnapshot } from "@/lib/services/monitor-feed";
import { MonitorClient } from "./monitor-client";

export const metadata: Metadata = { title: "Monitor" };
export const dynamic = "force-dynamic";

export default async function MonitorPage() {
  await requirePagePermission("monitor.read");
  const initial = await getMonitorSnapshot();
  return <MonitorClient initial={initial} />;
}

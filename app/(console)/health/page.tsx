import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { HealthClient } from "./health-client";

export const metadata: Metadata = { title: "Domain health" };
export const dynamic = "force-dynamic";

/** Sending-domain health: the checks run on demand (they query live DNS), from the button on the page. */
export default async function HealthPage() {
  await requirePagePermission("config.read");
  return <HealthClient />;
}

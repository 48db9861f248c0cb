import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { hasPermission } from "@/lib/auth/permissions";
import { getQueueDetail } from "@/lib/services/queues/queue-detail";
import { queueKeyOf } from "@/lib/services/queues/queue-list-query";
import { QueueDetailClient } from "./queue-detail-client";

export const metadata: Metadata = { title: "Queue" };
export const dynamic = "force-dynamic";

export default async function QueueDetailPage({ params }: { params: Promise<{ domain: string; vmta: string }> }) {
  const user = await requirePagePermission("queues.read");
  const { domain, vmta } = await params;
  const key = queueKeyOf(domain, vmta);
  if (!key) notFound();
  const detail = await getQueueDetail(key);
  return <QueueDetailClient detail={detail} canWrite={hasPermission(user.role, "queues.write")} />;
}

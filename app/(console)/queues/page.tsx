import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { hasPermission } from "@/lib/auth/permissions";
import { fieldErrorsOf, searchParamsObject } from "@/lib/schemas/records";
import { getQueueOverview } from "@/lib/services/queues/queue-overview";
import { ZQueueListQuery } from "@/lib/services/queues/queue-list-query";
import { QueuesClient } from "./queues-client";

export const metadata: Metadata = { title: "Queues" };
export const dynamic = "force-dynamic";

export default async function QueuesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("queues.read");
  const raw = searchParamsObject(await searchParams);
  const parsed = ZQueueListQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZQueueListQuery.parse({});
  const problems = parsed.success ? null : Object.entries(fieldErrorsOf(parsed.error)).map(([field, message]) => `${field}: ${message}`);
  return <QueuesClient overview={getQueueOverview(query)} query={query} problems={problems} canWrite={hasPermission(user.role, "queues.write")} />;
}

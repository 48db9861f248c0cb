import type { Metadata } from "next";
import { z } from "zod";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { listRevisions } from "@/lib/services/config/list-revisions";
import { RevisionsClient } from "./revisions-client";

export const metadata: Metadata = { title: "Config revisions" };
export const dynamic = "force-dynamic";

const ZSearch = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

export default async function RevisionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("config.read");
  const { before } = ZSearch.parse(await searchParams);
  const page = await listRevisions({ beforeId: before, redact: !hasPermission(user.role, "config.secrets.read") });
  return <RevisionsClient page={page} paged={before !== undefined} canRollback={hasPermission(user.role, "config.write")} />;
}

import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { ZRecordSearch, fieldErrorsOf, searchParamsObject } from "@/lib/schemas/records";
import { searchRecords } from "@/lib/services/records/search-records";
import { RecordsClient } from "./records-client";

export const metadata: Metadata = { title: "Records" };
export const dynamic = "force-dynamic";

export default async function RecordsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("records.read");
  const raw = searchParamsObject(await searchParams);
  const parsed = ZRecordSearch.safeParse(raw);
  if (!parsed.success) return <RecordsClient raw={raw} page={null} fieldErrors={fieldErrorsOf(parsed.error)} />;
  const page = await searchRecords(parsed.data);
  return <RecordsClient raw={raw} page={page} fieldErrors={null} />;
}

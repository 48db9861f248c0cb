import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { ZFeedbackSearch } from "@/lib/schemas/feedback";
import { fieldErrorsOf, searchParamsObject } from "@/lib/schemas/records";
import { listFeedback } from "@/lib/services/feedback/list-feedback";
import { FeedbackClient } from "./feedback-client";

export const metadata: Metadata = { title: "Feedback loops" };
export const dynamic = "force-dynamic";

export default async function FeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("records.read");
  const raw = searchParamsObject(await searchParams);
  const parsed = ZFeedbackSearch.safeParse(raw);
  if (!parsed.success) return <FeedbackClient raw={raw} page={null} fieldErrors={fieldErrorsOf(parsed.error)} />;
  const page = await listFeedback(parsed.data);
  return <FeedbackClient raw={raw} page={page} fieldErrors={null} />;
}

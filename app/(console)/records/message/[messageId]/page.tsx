import type { Metadata } from "next";
import Link from "next/link";
import { RecordTable } from "@/components/records/record-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { TIMELINE_LIMIT, messageTimeline } from "@/lib/services/records/search-records";

export const metadata: Metadata = { title: "Message" };
export const dynamic = "force-dynamic";

/** One message's timeline: every record (each attempt of each recipient) with its reply, oldest first. */
export default async function MessagePage({ params }: { params: Promise<{ messageId: string }> }) {
  await requirePagePermission("records.read");
  const messageId = decodeURIComponent((await params).messageId).slice(0, 200);
  const rows = await messageTimeline(messageId);
  const first = rows[0];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/records" className="text-sm text-muted-foreground hover:underline">
          ← Records
        </Link>
        <h1 className="text-xl font-semibold tracking-tight">
          Message <span className="font-mono" data-testid="message-id">{messageId}</span>
        </h1>
        {first && (
          <p className="text-sm text-muted-foreground">
            From {first.orig || "<>"}, queued {new Date(first.timeQueued).toISOString().replace("T", " ").slice(0, 19)} UTC
            {first.jobId ? `, job ${first.jobId}` : ""}
          </p>
        )}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Timeline</CardTitle>
          <CardDescription>
            Every attempt, oldest first{rows.length >= TIMELINE_LIMIT ? ` (the first ${TIMELINE_LIMIT})` : ""}.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <RecordTable rows={rows} show={{ delivery: true, message: false }} testId="message-timeline" empty="No record of this message." />
        </CardContent>
      </Card>
    </div>
  );
}

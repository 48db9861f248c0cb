"use client";

import Link from "next/link";
import { LastUpdated } from "@/components/monitor/last-updated";
import { ModeBadge, PausedBadge, ageText, connectionsText, formatKb, nextAttemptText, rateText } from "@/components/queues/queue-cells";
import { AuditTable, ModeHistoryTable, SettingsTable } from "@/components/queues/queue-history-tables";
import { WaitingRecipientsTable } from "@/components/queues/waiting-recipients-table";
import { RecordTable } from "@/components/records/record-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TQueueDetail } from "@/lib/services/queues/queue-detail";
import { formatCount, formatDuration } from "@/lib/utils";
import { useQueueAction } from "../../run-action";
import { useLiveRefresh } from "../../use-live-refresh";
import { QueueActionPanel } from "./queue-action-panel";

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs text-muted-foreground">{label}</span>
      <span className="text-sm font-medium tabular-nums" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}

export function QueueDetailClient({ detail, canWrite }: { detail: TQueueDetail; canWrite: boolean }) {
  const { receivedAt, now } = useLiveRefresh(detail.snapshotAt);
  const serverNow = (detail.snapshotAt ?? now) + Math.max(0, now - receivedAt);
  const q = detail.snapshot;
  const action = useQueueAction();
  const { result } = action;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/queues" className="text-sm text-muted-foreground hover:underline">
            ← Queues
          </Link>
          <h1 className="text-xl font-semibold tracking-tight" data-testid="queue-title">
            {detail.key}
          </h1>
        </div>
        {detail.snapshotAt !== null && <LastUpdated now={now} updatedAt={receivedAt} />}
      </div>

      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="queue-message">
          {result.ok ? result.message : result.error}
        </Alert>
      )}

      <Card>
        <CardContent className="pt-4">
          {!detail.engineRunning ? (
            <p className="text-sm text-muted-foreground">The MTA is not running in this process.</p>
          ) : !q ? (
            <p className="text-sm text-muted-foreground" data-testid="queue-empty">
              No mail is queued here now, and the queue is in normal mode.
            </p>
          ) : (
            <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
              <Stat label="Recipients" testId="queue-recipients">{formatCount(q.recipients)}</Stat>
              <Stat label="Messages">{formatCount(q.messages)}</Stat>
              <Stat label="KB">{formatKb(q.bytes)}</Stat>
              <Stat label="Oldest message">{ageText(q.oldestQueuedAt, serverNow)}</Stat>
              <Stat label="Mode">
                <ModeBadge mode={q.mode} since={q.modeSince} now={serverNow} />
              </Stat>
              <Stat label="Paused">
                <PausedBadge paused={q.paused} />
              </Stat>
              <Stat label="Connections (max)">{connectionsText(q)}</Stat>
              <Stat label="Rate, last minute (limit)">{rateText(q)}</Stat>
              <Stat label="Next attempt">{nextAttemptText(q.nextAttemptAt, serverNow)}</Stat>
              <div className="sm:col-span-3">
                <Stat label="Backoff reason">{q.mode === "backoff" ? (q.modeReason ?? "–") : "–"}</Stat>
              </div>
              <div className="sm:col-span-3 lg:col-span-6">
                <Stat label="Last error">{q.lastError ?? "–"}</Stat>
              </div>
            </div>
          )}
        </CardContent>
      </Card>

      {canWrite && <QueueActionPanel detail={detail} action={action} />}

      <Card>
        <CardHeader>
          <CardTitle>Disabled source IPs</CardTitle>
          <CardDescription>Addresses this queue opens no connection from, until enabled or until their time runs out.</CardDescription>
        </CardHeader>
        <CardContent>
          {!q || q.disabledSources.length === 0 ? (
            <p className="py-2 text-sm text-muted-foreground" data-testid="disabled-sources">None.</p>
          ) : (
            <Table data-testid="disabled-sources">
              <TableHeader>
                <TableRow>
                  <TableHead>Source IP</TableHead>
                  <TableHead>Until</TableHead>
                  <TableHead>Reason</TableHead>
                  {canWrite && <TableHead />}
                </TableRow>
              </TableHeader>
              <TableBody>
                {q.disabledSources.map((d) => (
                  <TableRow key={d.ip}>
                    <TableCell className="font-mono">{d.ip}</TableCell>
                    <TableCell>{d.until === null ? "enabled by an operator" : `in ${formatDuration(d.until - serverNow)}`}</TableCell>
                    <TableCell>{d.reason ?? "–"}</TableCell>
                    {canWrite && (
                      <TableCell className="text-right">
                        <Button size="sm" variant="outline" disabled={action.pending} onClick={() => action.run({ action: "enable-source", queue: detail.key, ip: d.ip })}>
                          Enable
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Waiting recipients</CardTitle>
          <CardDescription>The oldest 50 waiting in this queue.</CardDescription>
        </CardHeader>
        <CardContent>
          <WaitingRecipientsTable rows={detail.waiting} now={serverNow} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Last errors</CardTitle>
          <CardDescription>Deferrals and bounces of this queue, newest 50.</CardDescription>
        </CardHeader>
        <CardContent>
          <RecordTable rows={detail.errors} show={{ queue: false }} testId="queue-errors" empty="No error recorded." />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Recent recipient events</CardTitle>
          <CardDescription>
            Every outcome of this queue, newest 50. <Link className="underline" href={`/records?domain=${encodeURIComponent(detail.domain)}`}>Search all records of {detail.domain}</Link>
          </CardDescription>
        </CardHeader>
        <CardContent>
          <RecordTable rows={detail.events} show={{ queue: false }} testId="queue-events" empty="No record yet." />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Mode history</CardTitle>
          <CardDescription>Backoff and back to normal, and why.</CardDescription>
        </CardHeader>
        <CardContent>
          <ModeHistoryTable rows={detail.modeHistory} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Effective settings</CardTitle>
          <CardDescription>What applies to this queue, and where each value comes from.</CardDescription>
        </CardHeader>
        <CardContent>
          {detail.settings.ok ? <SettingsTable rows={detail.settings.settings} /> : <p className="text-sm text-muted-foreground" data-testid="queue-settings">{detail.settings.message}</p>}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Audit trail</CardTitle>
          <CardDescription>Operator actions on this queue.</CardDescription>
        </CardHeader>
        <CardContent>
          <AuditTable rows={detail.audit} />
        </CardContent>
      </Card>
    </div>
  );
}

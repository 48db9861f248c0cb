"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { LastUpdated } from "@/components/monitor/last-updated";
import { QueueListTable } from "@/components/queues/queue-list-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TQueueListQuery } from "@/lib/services/queues/queue-list-query";
import type { TQueueOverview } from "@/lib/services/queues/queue-overview";
import { formatCount } from "@/lib/utils";
import { useQueueAction } from "./run-action";
import { useLiveRefresh } from "./use-live-refresh";

function queryString(q: Partial<Record<string, string | number | boolean | undefined>>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "" && !(k === "page" && v === 1) && !(k === "sort" && v === "recipients")) p.set(k, String(v === true ? 1 : v === false ? 0 : v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

const flagValue = (v: boolean | undefined) => (v === undefined ? "" : v ? "1" : "0");

export function QueuesClient({ overview, query, problems, canWrite }: { overview: TQueueOverview; query: TQueueListQuery; problems: string[] | null; canWrite: boolean }) {
  const router = useRouter();
  const { receivedAt, now } = useLiveRefresh(overview.at);
  const serverNow = (overview.at ?? now) + Math.max(0, now - receivedAt);
  const [form, setForm] = useState({ q: query.q ?? "", mode: query.mode ?? "", paused: flagValue(query.paused), errors: flagValue(query.errors), sort: query.sort });
  const { result, pending, run } = useQueueAction();
  const { queues } = overview;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    router.push(`/queues${queryString({ ...form, page: 1 })}`);
  };
  const pageHref = (page: number) => `/queues${queryString({ ...query, page })}`;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Queues</h1>
          <p className="text-sm text-muted-foreground">
            {overview.totals
              ? `${formatCount(overview.totals.queuedRecipients)} recipients in ${formatCount(queues.total)} matching queues`
              : "The MTA is not running in this process."}
          </p>
        </div>
        {overview.at !== null && <LastUpdated now={now} updatedAt={receivedAt} />}
      </div>

      {problems && (
        <Alert variant="destructive" data-testid="queues-query-error">
          Invalid filter, showing every queue: {problems.join("; ")}
        </Alert>
      )}
      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="queues-message">
          {result.ok ? result.message : result.error}
        </Alert>
      )}

      <Card>
        <CardContent className="pt-4">
          <form className="flex flex-wrap items-end gap-3" onSubmit={submit} data-testid="queues-filter">
            <div className="flex flex-col gap-1">
              <Label htmlFor="queues-q">Domain or VMTA</Label>
              <Input id="queues-q" className="w-56" value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} placeholder="gmail.com" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="queues-mode">Mode</Label>
              <Select id="queues-mode" value={form.mode} onChange={(e) => setForm({ ...form, mode: e.target.value as "" })}>
                <option value="">any</option>
                <option value="normal">normal</option>
                <option value="backoff">backoff</option>
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="queues-paused">Paused</Label>
              <Select id="queues-paused" value={form.paused} onChange={(e) => setForm({ ...form, paused: e.target.value })}>
                <option value="">any</option>
                <option value="1">paused</option>
                <option value="0">not paused</option>
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="queues-errors">Errors</Label>
              <Select id="queues-errors" value={form.errors} onChange={(e) => setForm({ ...form, errors: e.target.value })}>
                <option value="">any</option>
                <option value="1">has an error</option>
                <option value="0">no error</option>
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="queues-sort">Sort by</Label>
              <Select id="queues-sort" value={form.sort} onChange={(e) => setForm({ ...form, sort: e.target.value as TQueueListQuery["sort"] })}>
                <option value="recipients">recipients</option>
                <option value="kb">KB</option>
                <option value="oldest">oldest message</option>
                <option value="name">name</option>
              </Select>
            </div>
            <Button type="submit">Apply</Button>
          </form>
        </CardContent>
      </Card>

      <Card>
        <CardContent className="pt-2">
          <QueueListTable queues={queues.rows} now={serverNow} />
          {queues.pages > 1 && (
            <div className="flex items-center justify-between pt-3 text-sm" data-testid="queues-pager">
              <span className="text-muted-foreground">
                Page {queues.page} of {queues.pages}
              </span>
              <div className="flex gap-2">
                {queues.page > 1 && <Link className="hover:underline" href={pageHref(queues.page - 1)}>Previous</Link>}
                {queues.page < queues.pages && <Link className="hover:underline" href={pageHref(queues.page + 1)}>Next</Link>}
              </div>
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Jobs</CardTitle>
          <CardDescription>Jobs with queued mail, or paused; a paused job&apos;s recipients wait in every queue.</CardDescription>
        </CardHeader>
        <CardContent>
          {overview.jobs.length === 0 ? (
            <p className="py-4 text-center text-sm text-muted-foreground">No job has queued mail.</p>
          ) : (
            <Table data-testid="jobs-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Job</TableHead>
                  <TableHead className="text-right">Recipients</TableHead>
                  <TableHead className="text-right">Messages</TableHead>
                  <TableHead>Status</TableHead>
                  {canWrite && <TableHead />}
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.jobs.map((j) => (
                  <TableRow key={j.id} data-testid={`job-row-${j.id}`}>
                    <TableCell className="font-medium">{j.id}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(j.recipients)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(j.messages)}</TableCell>
                    <TableCell>{j.paused ? <Badge variant="destructive">paused</Badge> : <Badge variant="secondary">active</Badge>}</TableCell>
                    {canWrite && (
                      <TableCell className="text-right">
                        <Button size="sm" variant="outline" disabled={pending} onClick={() => run({ action: j.paused ? "resume-job" : "pause-job", jobId: j.id })}>
                          {j.paused ? "Resume job" : "Pause job"}
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
    </div>
  );
}

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/utils";
import { ModeBadge, PausedBadge, ageText, connectionsText, formatKb, nextAttemptText, rateText, type QueueRowView } from "./queue-cells";

/** The link to a queue's detail page: /queues/<domain>/<vmta>. */
export function queueHref(q: { domain: string; vmta: string }): string {
  return `/queues/${encodeURIComponent(q.domain)}/${encodeURIComponent(q.vmta)}`;
}

/** One page of queues; `now` is server time (snapshot time plus time since it arrived). */
export function QueueListTable({ queues, now }: { queues: readonly QueueRowView[]; now: number }) {
  if (queues.length === 0) return <p className="py-6 text-center text-sm text-muted-foreground">No queue matches.</p>;
  return (
    <Table data-testid="queues-table">
      <TableHeader>
        <TableRow>
          <TableHead>Queue</TableHead>
          <TableHead className="text-right">Recipients</TableHead>
          <TableHead className="text-right">KB</TableHead>
          <TableHead className="text-right">Oldest</TableHead>
          <TableHead>Mode</TableHead>
          <TableHead>Paused</TableHead>
          <TableHead className="text-right">Connections</TableHead>
          <TableHead className="text-right">Rate (last min)</TableHead>
          <TableHead>Next attempt</TableHead>
          <TableHead>Last error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {queues.map((q) => (
          <TableRow key={q.key} data-testid={`queue-row-${q.key}`}>
            <TableCell className="font-medium">
              <Link href={queueHref(q)} className="hover:underline">
                {q.domain}
              </Link>
              <span className="text-muted-foreground">/{q.vmta}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums" data-testid="queue-recipients">
              {formatCount(q.recipients)}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatKb(q.bytes)}</TableCell>
            <TableCell className="text-right tabular-nums">{ageText(q.oldestQueuedAt, now)}</TableCell>
            <TableCell>
              <ModeBadge mode={q.mode} since={q.modeSince} now={now} />
            </TableCell>
            <TableCell>
              <PausedBadge paused={q.paused} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{connectionsText(q)}</TableCell>
            <TableCell className="text-right tabular-nums">{rateText(q)}</TableCell>
            <TableCell className="tabular-nums">{nextAttemptText(q.nextAttemptAt, now)}</TableCell>
            <TableCell className="max-w-80 truncate" title={q.lastError ?? undefined}>
              {q.lastError ? <Badge variant="destructive">{q.lastError}</Badge> : <span className="text-muted-foreground">–</span>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

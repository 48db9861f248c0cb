import type { TQueueRow } from "@/lib/schemas/monitor";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn, formatCount, formatDuration } from "@/lib/utils";
import { RateCell } from "./rate-cell";

/** The queue detail page of one queue. */
export function queueHref(q: Pick<TQueueRow, "domain" | "vmta">): string {
  return `/queues/${encodeURIComponent(q.domain)}/${encodeURIComponent(q.vmta)}`;
}

/**
 * The queues with most recipients. `ageAt` is the server time the ages are measured at (snapshot time
 * plus the time since it arrived), so the browser's clock skew does not matter. Backoff, paused and
 * rate-at-limit rows are tinted so a backlog's cause shows at a glance.
 */
export function QueueTable({ queues, ageAt, total }: { queues: readonly TQueueRow[]; ageAt: number; total: number }) {
  if (queues.length === 0) {
    return <p className="py-6 text-center text-sm text-muted-foreground">No queued mail.</p>;
  }
  return (
    <Table data-testid="queue-table">
      <TableHeader>
        <TableRow>
          <TableHead>Queue</TableHead>
          <TableHead>State</TableHead>
          <TableHead className="text-right">Recipients</TableHead>
          <TableHead className="text-right">KB</TableHead>
          <TableHead className="text-right">Oldest</TableHead>
          <TableHead className="text-right">Connections</TableHead>
          <TableHead className="text-right">Rate / limit</TableHead>
          <TableHead>Last error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {queues.map((q) => (
          <TableRow key={q.key} data-testid="queue-row" className={cn(q.paused || q.mode === "backoff" ? "bg-warning/10" : q.atRateLimit && "bg-primary/5")}>
            <TableCell className="font-medium">
              <a className="hover:underline" href={queueHref(q)}>
                {q.domain}
                <span className="text-muted-foreground">/{q.vmta}</span>
              </a>
            </TableCell>
            <TableCell className="space-x-1">
              {q.paused && <Badge variant="warning">paused</Badge>}
              {q.mode === "backoff" ? <Badge variant="warning">backoff</Badge> : !q.paused && <Badge variant="secondary">normal</Badge>}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(q.recipients)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(q.kb)}</TableCell>
            <TableCell className="text-right tabular-nums">{q.oldestQueuedAt === null ? "–" : formatDuration(ageAt - q.oldestQueuedAt)}</TableCell>
            <TableCell className="text-right tabular-nums">
              {q.activeConnections}
              {q.maxConnections > 0 && <span className="text-muted-foreground"> / {q.maxConnections}</span>}
            </TableCell>
            <TableCell className="text-right">
              <RateCell current={q.rateLastMinute} limit={q.rateLimitPerMinute} atLimit={q.atRateLimit} />
            </TableCell>
            <TableCell className="max-w-72 truncate" title={q.lastError ?? undefined}>
              {q.lastError ? <Badge variant="destructive">{q.lastError}</Badge> : <span className="text-muted-foreground">–</span>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
      {total > queues.length && (
        <caption className="caption-bottom pt-3 text-xs text-muted-foreground">
          Top {queues.length} of {formatCount(total)} queues by recipients.
        </caption>
      )}
    </Table>
  );
}

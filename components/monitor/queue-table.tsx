import type { TQueueRow } from "@/lib/schemas/monitor";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount, formatDuration } from "@/lib/utils";

/**
 * Queues per domain/virtual MTA. `ageAt` is the server time the ages are measured at (snapshot time
 * plus the time since it arrived), so the browser's clock skew does not matter.
 */
export function QueueTable({ queues, ageAt }: { queues: readonly TQueueRow[]; ageAt: number }) {
  if (queues.length === 0) {
    return <p className="py-6 text-center text-sm text-muted-foreground">No queued mail.</p>;
  }
  return (
    <Table data-testid="queue-table">
      <TableHeader>
        <TableRow>
          <TableHead>Domain</TableHead>
          <TableHead>Virtual MTA</TableHead>
          <TableHead className="text-right">Recipients</TableHead>
          <TableHead className="text-right">Messages</TableHead>
          <TableHead className="text-right">Oldest</TableHead>
          <TableHead className="text-right">Connections</TableHead>
          <TableHead>Last error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {queues.map((q) => (
          <TableRow key={q.key}>
            <TableCell className="font-medium">{q.domain}</TableCell>
            <TableCell className="text-muted-foreground">{q.vmta}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(q.recipients)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(q.messages)}</TableCell>
            <TableCell className="text-right tabular-nums">{q.oldestQueuedAt === null ? "–" : formatDuration(ageAt - q.oldestQueuedAt)}</TableCell>
            <TableCell className="text-right tabular-nums">{q.activeConnections}</TableCell>
            <TableCell className="max-w-96 truncate" title={q.lastError ?? undefined}>
              {q.lastError ? <Badge variant="destructive">{q.lastError}</Badge> : <span className="text-muted-foreground">–</span>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

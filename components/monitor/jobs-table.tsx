import type { TJobRow } from "@/lib/schemas/monitor";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/utils";

/** Jobs with mail queued (most recipients first) and their outcomes over the last 24 hours. */
export function JobsTable({ jobs }: { jobs: readonly TJobRow[] }) {
  if (jobs.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground">No job has mail queued.</p>;
  return (
    <Table data-testid="jobs-table">
      <TableHeader>
        <TableRow>
          <TableHead>Job</TableHead>
          <TableHead className="text-right">Queued rcpt</TableHead>
          <TableHead className="text-right">Messages</TableHead>
          <TableHead className="text-right">Delivered 24 h</TableHead>
          <TableHead className="text-right">4xx 24 h</TableHead>
          <TableHead className="text-right">5xx 24 h</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.map((j) => (
          <TableRow key={j.id} className={j.paused ? "bg-warning/10" : undefined}>
            <TableCell className="font-medium">
              {j.id || <span className="text-muted-foreground">(no job)</span>} {j.paused && <Badge variant="warning">paused</Badge>}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(j.recipients)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(j.messages)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(j.last24h.delivered)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(j.last24h.deferred)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(j.last24h.bounced)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/utils";

export interface WaitingRecipientView {
  rcpt: string;
  orig: string;
  messageId: string;
  jobId: string;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number | null;
}

/** Recipients waiting in a queue, oldest first (`pmta list`); `now` is server time. */
export function WaitingRecipientsTable({ rows, now }: { rows: readonly WaitingRecipientView[]; now: number }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground" data-testid="queue-waiting">No recipient waiting.</p>;
  return (
    <Table data-testid="queue-waiting">
      <TableHeader>
        <TableRow>
          <TableHead>Recipient</TableHead>
          <TableHead>Sender</TableHead>
          <TableHead>Job</TableHead>
          <TableHead className="text-right">Waiting</TableHead>
          <TableHead className="text-right">Attempts</TableHead>
          <TableHead>Next attempt</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.messageId} ${r.rcpt}`} data-testid="waiting-row">
            <TableCell>{r.rcpt}</TableCell>
            <TableCell className="text-muted-foreground">{r.orig || "<>"}</TableCell>
            <TableCell>{r.jobId || "–"}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(now - r.queuedAt)}</TableCell>
            <TableCell className="text-right tabular-nums">{r.attempts}</TableCell>
            <TableCell className="tabular-nums">{r.nextAttemptAt === null || r.nextAttemptAt <= now ? "now" : `in ${formatDuration(r.nextAttemptAt - now)}`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TRecordRow } from "@/lib/schemas/records";

const TYPE_LABEL: Record<TRecordRow["type"], { text: string; variant: "success" | "warning" | "destructive" }> = {
  d: { text: "delivered", variant: "success" },
  t: { text: "deferred", variant: "warning" },
  b: { text: "bounced", variant: "destructive" },
};

/** `2026-01-31 10:00:05` UTC: one time format for every record table, whatever the browser's zone. */
export function recordTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

export function RecordTypeBadge({ type }: { type: TRecordRow["type"] }) {
  const label = TYPE_LABEL[type];
  return <Badge variant={label.variant}>{label.text}</Badge>;
}

/**
 * Accounting records, newest first. `show` picks optional columns: the queue (not on a queue's own
 * page) and the delivery detail (source/destination IP, TLS) for a message's timeline.
 */
export function RecordTable({ rows, show = {}, testId, empty = "No records." }: { rows: readonly TRecordRow[]; show?: { queue?: boolean; delivery?: boolean; message?: boolean }; testId?: string; empty?: string }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground" data-testid={testId}>{empty}</p>;
  return (
    <Table data-testid={testId}>
      <TableHeader>
        <TableRow>
          <TableHead>Time (UTC)</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Recipient</TableHead>
          {show.queue !== false && <TableHead>Queue</TableHead>}
          <TableHead>Reply</TableHead>
          <TableHead>Category</TableHead>
          {show.delivery && <TableHead>Source → destination</TableHead>}
          {show.delivery && <TableHead>TLS</TableHead>}
          {show.message !== false && <TableHead>Message</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-testid="record-row">
            <TableCell className="whitespace-nowrap tabular-nums">{recordTime(r.timeLogged)}</TableCell>
            <TableCell>
              <RecordTypeBadge type={r.type} />
            </TableCell>
            <TableCell className="max-w-64 truncate" title={`from ${r.orig || "<>"}`}>
              {r.rcpt}
            </TableCell>
            {show.queue !== false && <TableCell className="text-muted-foreground">{r.queue}</TableCell>}
            <TableCell className="max-w-md truncate" title={`${r.dsnStatus} ${r.dsnDiag}`}>
              {r.dsnDiag || r.dsnStatus}
            </TableCell>
            <TableCell>{r.bounceCat || <span className="text-muted-foreground">–</span>}</TableCell>
            {show.delivery && (
              <TableCell className="whitespace-nowrap tabular-nums">
                {r.dlvSourceIp || "–"} → {r.dlvDestinationIp || "–"}
                {r.dsnMta && <div className="text-xs text-muted-foreground">{r.dsnMta}</div>}
              </TableCell>
            )}
            {show.delivery && <TableCell className="whitespace-nowrap">{r.dlvTlsProtocol ? `${r.dlvTlsProtocol} ${r.dlvTlsCipher}` : "none"}</TableCell>}
            {show.message !== false && (
              <TableCell>
                {r.messageId ? (
                  <Link className="font-mono text-xs hover:underline" href={`/records/message/${encodeURIComponent(r.messageId)}`}>
                    {r.messageId}
                  </Link>
                ) : (
                  "–"
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TAlertRow, TNotificationStatus } from "@/lib/schemas/alerts";

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

function NotificationCell({ status }: { status: TNotificationStatus }) {
  switch (status.state) {
    case "console":
      return <span className="text-muted-foreground">Console only</span>;
    case "sent":
      return <Badge variant="success">Sent {formatTime(status.at)}</Badge>;
    case "pending":
      return <Badge variant="secondary">Pending</Badge>;
    case "retrying":
      return (
        <span className="flex flex-col gap-0.5">
          <Badge variant="warning">Retrying</Badge>
          <span className="text-xs text-muted-foreground">{status.error}</span>
        </span>
      );
    case "failed":
      return (
        <span className="flex flex-col gap-0.5">
          <Badge variant="destructive">Failed</Badge>
          <span className="text-xs text-muted-foreground">{status.error}</span>
        </span>
      );
  }
}

/** Open and recent alerts: rule, subject, message, when it fired and resolved, and the notification. */
export function AlertTable({ alerts }: { alerts: TAlertRow[] }) {
  if (alerts.length === 0) return <p className="py-6 text-center text-sm text-muted-foreground">No alerts yet.</p>;
  return (
    <Table data-testid="alerts-table">
      <TableHeader>
        <TableRow>
          <TableHead>State</TableHead>
          <TableHead>Rule</TableHead>
          <TableHead>Subject</TableHead>
          <TableHead>Message</TableHead>
          <TableHead>Fired</TableHead>
          <TableHead>Resolved</TableHead>
          <TableHead>Notification</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {alerts.map((a) => (
          <TableRow key={a.id} data-testid={`alert-row-${a.id}`} data-state={a.resolvedAt ? "resolved" : "firing"}>
            <TableCell>{a.resolvedAt ? <Badge variant="secondary">Resolved</Badge> : <Badge variant="destructive">Firing</Badge>}</TableCell>
            <TableCell className="font-medium">{a.ruleName}</TableCell>
            <TableCell className="font-mono text-xs">{a.subject}</TableCell>
            <TableCell className="max-w-md text-sm">{a.message}</TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{formatTime(a.firedAt)}</TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{formatTime(a.resolvedAt) || "—"}</TableCell>
            <TableCell>
              <NotificationCell status={a.notification} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

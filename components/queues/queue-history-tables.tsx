import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const utc = (t: number | Date) => new Date(t).toISOString().replace("T", " ").slice(0, 19);

export interface ModeChangeView {
  id: number;
  mode: "normal" | "backoff";
  cause: string;
  reason: string;
  at: number;
}

/** A queue's normal ↔ backoff changes, newest first. */
export function ModeHistoryTable({ rows }: { rows: readonly ModeChangeView[] }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground" data-testid="mode-history">No mode change recorded.</p>;
  return (
    <Table data-testid="mode-history">
      <TableHeader>
        <TableRow>
          <TableHead>Time (UTC)</TableHead>
          <TableHead>Mode</TableHead>
          <TableHead>Cause</TableHead>
          <TableHead>Reason</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell className="whitespace-nowrap tabular-nums">{utc(r.at)}</TableCell>
            <TableCell>
              <Badge variant={r.mode === "backoff" ? "warning" : "secondary"}>{r.mode}</Badge>
            </TableCell>
            <TableCell>{r.cause}</TableCell>
            <TableCell className="max-w-xl truncate" title={r.reason}>
              {r.reason}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export interface SettingView {
  directive: string;
  value: string;
  from: string;
}

/** Effective settings and the block (or default) each came from. */
export function SettingsTable({ rows }: { rows: readonly SettingView[] }) {
  return (
    <Table data-testid="queue-settings">
      <TableHeader>
        <TableRow>
          <TableHead>Directive</TableHead>
          <TableHead>Value</TableHead>
          <TableHead>From</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((s) => (
          <TableRow key={s.directive}>
            <TableCell className="font-mono text-xs">{s.directive}</TableCell>
            <TableCell className="font-mono text-xs">{s.value}</TableCell>
            <TableCell className="text-muted-foreground">{s.from}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export interface AuditView {
  id: number;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** Who did what to this queue, and when, newest first. */
export function AuditTable({ rows }: { rows: readonly AuditView[] }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground" data-testid="queue-audit">No action taken on this queue.</p>;
  return (
    <Table data-testid="queue-audit">
      <TableHeader>
        <TableRow>
          <TableHead>Time (UTC)</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Result</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((a) => (
          <TableRow key={a.id} data-testid="audit-row">
            <TableCell className="whitespace-nowrap tabular-nums">{utc(a.at)}</TableCell>
            <TableCell>{a.actor}</TableCell>
            <TableCell className="font-mono text-xs">{a.action}</TableCell>
            <TableCell className="max-w-xl truncate">{typeof a.detail.result === "string" ? a.detail.result : JSON.stringify(a.detail)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import type { TFailureRow } from "@/lib/schemas/monitor";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/utils";

/** 4xx (deferred) against 5xx (bounced) per destination domain or bounce category, with a share bar. */
export function FailureTable({ rows, keyLabel, testId }: { rows: readonly TFailureRow[]; keyLabel: string; testId: string }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground">No failures.</p>;
  const max = Math.max(...rows.map((r) => r.deferred + r.bounced));
  return (
    <Table data-testid={testId}>
      <TableHeader>
        <TableRow>
          <TableHead>{keyLabel}</TableHead>
          <TableHead className="text-right">4xx</TableHead>
          <TableHead className="text-right">5xx</TableHead>
          <TableHead className="w-1/3" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell className="max-w-48 truncate font-medium" title={r.key}>
              {r.key}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(r.deferred)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(r.bounced)}</TableCell>
            <TableCell>
              <div className="flex h-2 overflow-hidden rounded-full bg-muted" aria-hidden>
                <div className="bg-warning" style={{ width: `${(100 * r.deferred) / max}%` }} />
                <div className="bg-destructive" style={{ width: `${(100 * r.bounced) / max}%` }} />
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

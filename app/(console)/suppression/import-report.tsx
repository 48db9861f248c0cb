import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TSuppressionImportRow } from "@/lib/suppression/schemas";

/** Rows of the error table shown; the import keeps the first 1,000. */
const SHOWN_ERRORS = 100;
const n = (v: number) => v.toLocaleString("en-US");

/** One upload: its progress while it runs, then its counts and the rows it refused (line, text, reason). */
export function ImportReport({ row }: { row: TSuppressionImportRow }) {
  const variant = row.status === "done" ? "success" : row.status === "failed" ? "destructive" : "warning";
  return (
    <div className="flex flex-col gap-2 rounded-md border border-border p-3" data-testid="suppression-import" data-status={row.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={variant}>{row.status === "running" ? "importing" : row.status}</Badge>
        <span className="font-medium">{row.fileName}</span>
        <span data-testid="suppression-import-counts">
          {n(row.rowsRead)} rows read · {n(row.added)} added · {n(row.duplicates)} duplicates · {n(row.invalid)} invalid
        </span>
      </div>
      {row.message && <p className="text-sm text-destructive">{row.message}</p>}
      {row.errors.length > 0 && (
        <>
          <p className="text-xs text-muted-foreground">
            Rows not imported{row.invalid > row.errors.length ? ` (the first ${n(row.errors.length)} of ${n(row.invalid)})` : ""}
            {row.errors.length > SHOWN_ERRORS ? `; ${SHOWN_ERRORS} shown` : ""}:
          </p>
          <Table data-testid="suppression-import-errors">
            <TableHeader>
              <TableRow>
                <TableHead className="w-20">Line</TableHead>
                <TableHead>Text</TableHead>
                <TableHead>Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {row.errors.slice(0, SHOWN_ERRORS).map((e) => (
                <TableRow key={e.line}>
                  <TableCell className="tabular-nums">{e.line}</TableCell>
                  <TableCell className="max-w-[24rem] truncate font-mono text-xs">{e.text}</TableCell>
                  <TableCell className="text-sm">{e.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </div>
  );
}

"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TSuppressionEntryRow } from "@/lib/suppression/schemas";

export function EntriesTable({
  entries,
  showList,
  canDelete,
  pending,
  onDelete,
}: {
  entries: TSuppressionEntryRow[];
  showList?: boolean;
  canDelete: boolean;
  pending: boolean;
  onDelete: (e: TSuppressionEntryRow) => void;
}) {
  return (
    <Table data-testid="suppression-entries">
      <TableHeader>
        <TableRow>
          {showList && <TableHead>List</TableHead>}
          <TableHead>Kind</TableHead>
          <TableHead>Value</TableHead>
          <TableHead>Origin</TableHead>
          <TableHead>Added</TableHead>
          {canDelete && <TableHead />}
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={`${e.listId}:${e.kind}:${e.value}`}>
            {showList && <TableCell>{e.listName}</TableCell>}
            <TableCell>
              <Badge variant={e.kind === "sha256" || e.kind === "md5" ? "secondary" : "default"}>{e.kind}</Badge>
            </TableCell>
            <TableCell className="max-w-[28rem] truncate font-mono text-xs" title={e.value}>
              {e.value}
            </TableCell>
            <TableCell>{e.origin}</TableCell>
            <TableCell className="whitespace-nowrap text-xs">{new Date(e.addedAt).toLocaleString()}</TableCell>
            {canDelete && (
              <TableCell className="text-right">
                <Button variant="outline" size="sm" disabled={pending} onClick={() => onDelete(e)}>
                  Remove
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { DiffView } from "@/components/config/diff-view";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { TConfigChangeResult, TConfigOrigin, TRevisionRow } from "@/lib/schemas/config";
import { ChangeMessage } from "../change-message";
import { rollbackConfigAction } from "./actions";

const ORIGIN_BADGE: Record<TConfigOrigin, BadgeVariant> = { console: "default", file: "secondary", import: "warning", rollback: "destructive" };

/** The history, newest first: who, when, why, from where, and what changed; admins roll back with one click. */
export function RevisionsClient({
  page,
  paged,
  canRollback,
}: {
  page: { rows: TRevisionRow[]; olderThan: number | null };
  paged: boolean;
  canRollback: boolean;
}) {
  const [result, setResult] = useState<TConfigChangeResult | null>(null);
  const [pending, startTransition] = useTransition();
  const newestId = paged ? null : (page.rows[0]?.id ?? null);

  const rollback = (revisionId: number) =>
    startTransition(async () => {
      setResult(await rollbackConfigAction({ revisionId }));
    });

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Config revisions</h1>
        <p className="text-sm text-muted-foreground">Every applied version of the configuration file, with its changes against the one before.</p>
      </div>
      {result && <ChangeMessage result={result} />}
      {page.rows.length === 0 && <p className="text-sm text-muted-foreground">No revisions yet: the first is recorded when Hermod starts.</p>}

      <ol className="flex flex-col gap-4" data-testid="revisions">
        {page.rows.map((r) => (
          <li key={r.id} data-testid={`revision-${r.id}`}>
            <Card>
              <CardHeader className="flex-row flex-wrap items-center justify-between gap-3">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold">Revision {r.id}</span>
                  <Badge variant={ORIGIN_BADGE[r.origin]} data-testid="revision-origin">
                    {r.origin}
                  </Badge>
                  <span data-testid="revision-author">{r.author}</span>
                  <span className="text-muted-foreground">{new Date(r.createdAt).toLocaleString()}</span>
                  <span className="text-xs text-success">+{r.added}</span>
                  <span className="text-xs text-destructive">−{r.removed}</span>
                  {r.id === newestId && <Badge variant="success">running</Badge>}
                </div>
                <div className="flex items-center gap-2">
                  <a className="text-xs font-medium text-primary underline-offset-4 hover:underline" href={`/api/config/export?revision=${r.id}`} download>
                    Download
                  </a>
                  {canRollback && r.id !== newestId && (
                    <Button size="sm" variant="outline" disabled={pending} onClick={() => rollback(r.id)}>
                      Roll back to this
                    </Button>
                  )}
                </div>
              </CardHeader>
              <CardContent className="flex flex-col gap-2">
                {r.comment && (
                  <p className="text-sm" data-testid="revision-comment">
                    {r.comment}
                  </p>
                )}
                <details open={r.id === newestId}>
                  <summary className="cursor-pointer text-xs text-muted-foreground">Changes</summary>
                  <DiffView diff={r.diff} className="mt-2" />
                </details>
              </CardContent>
            </Card>
          </li>
        ))}
      </ol>

      <div className="flex gap-4 text-sm">
        {paged && (
          <Link href="/config/revisions" className="font-medium text-primary underline-offset-4 hover:underline">
            Newest
          </Link>
        )}
        {page.olderThan !== null && (
          <Link href={`/config/revisions?before=${page.olderThan}`} className="font-medium text-primary underline-offset-4 hover:underline">
            Older revisions
          </Link>
        )}
      </div>
    </div>
  );
}

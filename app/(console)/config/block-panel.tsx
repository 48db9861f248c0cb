"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { MULTI_VALUE_FIELDS, type TConfigBlock, type TConfigChangeResult } from "@/lib/schemas/config";
import { removeConfigBlockAction } from "./actions";
import { BlockForm } from "./block-form";
import { effectiveValue, type KindSpec } from "./block-specs";

type Editing = { mode: "new" } | { mode: "edit"; arg: string } | null;

/** One kind of block (VirtualMTAs, pools, …): the file's blocks, and add / edit / delete. */
export function BlockPanel({
  spec,
  blocks,
  baseHash,
  onResult,
}: {
  spec: KindSpec;
  blocks: readonly TConfigBlock[];
  baseHash: string;
  onResult: (result: TConfigChangeResult) => void;
}) {
  const own = blocks.filter((b) => b.kind === spec.kind);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const editedBlock = editing?.mode === "edit" ? own.find((b) => b.arg === editing.arg) : undefined;

  function remove(arg: string) {
    if (confirming !== arg) return setConfirming(arg);
    startTransition(async () => {
      onResult(await removeConfigBlockAction({ baseHash, kind: spec.kind, arg, comment: "" }));
      setConfirming(null);
    });
  }

  const show = (block: TConfigBlock, name: string) => (MULTI_VALUE_FIELDS.has(name) ? (block.values[name] ?? []).join(", ") : effectiveValue(block, name));

  return (
    <div className="flex flex-col gap-4" data-testid={`block-panel-${spec.kind}`}>
      <Card>
        <CardHeader className="flex-row items-start justify-between gap-4">
          <div className="flex flex-col gap-1">
            <CardTitle>{spec.tab}</CardTitle>
            <CardDescription>
              The &lt;{spec.kind}&gt; blocks of the config file. Saving applies at once, as a new revision; lines the form does not show are kept as they are.
              Blocks in included files are edited in those files.
            </CardDescription>
          </div>
          <Button size="sm" onClick={() => setEditing({ mode: "new" })} disabled={editing?.mode === "new"}>
            Add {spec.singular}
          </Button>
        </CardHeader>
        <CardContent>
          {own.length === 0 ? (
            <p className="text-sm text-muted-foreground">No &lt;{spec.kind}&gt; blocks yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{spec.argLabel}</TableHead>
                  {spec.columns.map((c) => (
                    <TableHead key={c}>{c}</TableHead>
                  ))}
                  <TableHead>Lines</TableHead>
                  <TableHead className="text-right">Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {own.map((b) => (
                  <TableRow key={`${b.arg}:${b.line}`} data-testid={`block-row-${spec.kind}-${b.arg}`}>
                    <TableCell className="font-mono font-medium">{b.arg}</TableCell>
                    {spec.columns.map((c) => (
                      <TableCell key={c} className="max-w-64 truncate font-mono text-xs">
                        {show(b, c) || <span className="text-muted-foreground">–</span>}
                      </TableCell>
                    ))}
                    <TableCell className="text-xs text-muted-foreground">
                      {b.line}–{b.endLine}
                    </TableCell>
                    <TableCell>
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="sm" onClick={() => setEditing({ mode: "edit", arg: b.arg })} disabled={pending}>
                          Edit
                        </Button>
                        <Button variant={confirming === b.arg ? "destructive" : "ghost"} size="sm" onClick={() => remove(b.arg)} disabled={pending}>
                          {confirming === b.arg ? "Confirm delete" : "Delete"}
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      {editing && (editing.mode === "new" || editedBlock) && (
        <BlockForm
          key={editing.mode === "new" ? "new" : editing.arg}
          spec={spec}
          block={editedBlock}
          blocks={blocks}
          baseHash={baseHash}
          onResult={onResult}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

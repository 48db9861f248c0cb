"use client";

import { useRef, useState, useTransition, type ReactNode } from "react";
import { ConfigEditor, goToLine } from "@/components/config/config-editor";
import { DiagnosticList } from "@/components/config/diagnostic-list";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TConfigChangeResult, TConfigDiagnostic, TConfigOrigin } from "@/lib/schemas/config";
import { applyConfigAction, validateConfigAction } from "./actions";

type Status = { kind: "idle" } | { kind: "validated"; errors: number; warnings: number } | { kind: "failed"; message: string };

/**
 * Whole-file editing: the text editor (origin console) and the import of a PowerMTA file (origin
 * import). Validate compiles without applying; Apply compiles, reloads the engine and records a revision.
 */
export function TextEditor({
  initialText,
  initialDiagnostics,
  baseHash,
  origin,
  onResult,
  loader,
}: {
  initialText: string;
  initialDiagnostics: readonly TConfigDiagnostic[];
  baseHash: string;
  origin: Extract<TConfigOrigin, "console" | "import">;
  onResult: (result: TConfigChangeResult) => void;
  /** Extra input above the editor that can replace the text (the import's file upload). */
  loader?: (setText: (text: string) => void) => ReactNode;
}) {
  const [text, setText] = useState(initialText);
  const [diagnostics, setDiagnostics] = useState<readonly TConfigDiagnostic[]>(initialDiagnostics);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [comment, setComment] = useState("");
  const [pending, startTransition] = useTransition();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const isImport = origin === "import";

  function validate() {
    startTransition(async () => {
      const result = await validateConfigAction({ text });
      if (!result.ok) return setStatus({ kind: "failed", message: result.error });
      setDiagnostics(result.diagnostics);
      const errors = result.diagnostics.filter((d) => d.severity === "error").length;
      setStatus({ kind: "validated", errors, warnings: result.diagnostics.length - errors });
    });
  }

  function apply() {
    startTransition(async () => {
      const result = await applyConfigAction({ text, comment, baseHash, origin });
      if (!result.ok && result.diagnostics) setDiagnostics(result.diagnostics);
      onResult(result);
    });
  }

  const select = (d: TConfigDiagnostic) => textarea.current && goToLine(textarea.current, d.line, d.col);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{isImport ? "Import a PowerMTA configuration" : "Edit the configuration file"}</CardTitle>
        <CardDescription>
          {isImport
            ? "Upload a PowerMTA config file or paste its text. Importing replaces the whole file; validate first to see what Hermod makes of it."
            : "Validate checks the text without applying it. Apply reloads the running engine and records a revision; a text with errors is refused and nothing changes."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {loader?.(setText)}
        <ConfigEditor value={text} onChange={setText} diagnostics={diagnostics} textareaRef={textarea} label={isImport ? "Configuration to import" : "Configuration text"} />
        <div className="flex flex-col gap-2">
          {status.kind === "validated" && (
            <p className="text-sm" data-testid="validate-status">
              {status.errors === 0 ? "No errors" : `${status.errors} error${status.errors === 1 ? "" : "s"}`}, {status.warnings} warning{status.warnings === 1 ? "" : "s"}.
            </p>
          )}
          {status.kind === "failed" && <p className="text-sm text-destructive">{status.message}</p>}
          <DiagnosticList diagnostics={diagnostics} onSelect={select} />
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex min-w-64 flex-1 flex-col gap-1.5">
            <Label htmlFor={`${origin}-comment`}>Comment</Label>
            <Input id={`${origin}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} placeholder="What this change is for" />
          </div>
          <Button variant="outline" onClick={validate} disabled={pending}>
            Validate
          </Button>
          <Button onClick={apply} disabled={pending || (isImport && text.trim() === "")}>
            {pending ? "Working…" : isImport ? "Import and apply" : "Apply"}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

"use client";

import { DiagnosticList } from "@/components/config/diagnostic-list";
import { Alert } from "@/components/ui/alert";
import type { TConfigChangeResult, TConfigDiagnostic } from "@/lib/schemas/config";

/** The outcome of the last config change: applied (with its warnings) or refused (with its diagnostics). */
export function ChangeMessage({ result, onSelect }: { result: TConfigChangeResult; onSelect?: (d: TConfigDiagnostic) => void }) {
  if (result.ok) {
    const warnings = result.warnings.length;
    return (
      <Alert variant="success" data-testid="config-message" data-ok="true">
        {result.message}
        {warnings > 0 && ` ${warnings} warning${warnings === 1 ? "" : "s"} (shown beside their lines).`}
      </Alert>
    );
  }
  // Errors first: they are why nothing changed.
  const diagnostics = [...(result.diagnostics ?? [])].sort((a, b) => Number(b.severity === "error") - Number(a.severity === "error"));
  return (
    <Alert variant="destructive" data-testid="config-message" data-ok="false" className="flex flex-col gap-2">
      <span>{result.error}</span>
      <DiagnosticList diagnostics={diagnostics} onSelect={onSelect} className="text-foreground" />
    </Alert>
  );
}

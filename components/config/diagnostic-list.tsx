import { Badge } from "@/components/ui/badge";
import type { TConfigDiagnostic } from "@/lib/schemas/config";
import { cn } from "@/lib/utils";

/** Diagnostics with their place (`line 12:5`), errors and warnings told apart; a click can jump to the line. */
export function DiagnosticList({
  diagnostics,
  onSelect,
  className,
}: {
  diagnostics: readonly TConfigDiagnostic[];
  onSelect?: (d: TConfigDiagnostic) => void;
  className?: string;
}) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className={cn("flex flex-col gap-1 text-sm", className)} data-testid="diagnostics">
      {diagnostics.map((d, i) => {
        const where = `${d.file ? `${d.file} ` : ""}line ${d.line}:${d.col}`;
        const body = (
          <>
            <Badge variant={d.severity === "error" ? "destructive" : "warning"} className="w-16 justify-center">
              {d.severity}
            </Badge>
            <span className="font-mono text-xs whitespace-nowrap text-muted-foreground">{where}</span>
            <span className="min-w-0">{d.message}</span>
          </>
        );
        return (
          <li key={`${d.file}:${d.line}:${d.col}:${i}`} data-testid="diagnostic" data-severity={d.severity} data-line={d.line}>
            {onSelect && d.file === "" ? (
              <button type="button" onClick={() => onSelect(d)} className="flex w-full items-start gap-2 rounded px-1 py-0.5 text-left hover:bg-muted">
                {body}
              </button>
            ) : (
              <div className="flex items-start gap-2 px-1 py-0.5">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

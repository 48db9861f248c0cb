import type { TConfigDiagnostic } from "@/lib/schemas/config";
import { cn } from "@/lib/utils";

/**
 * The config file read-only, with line numbers, and each diagnostic of the main file beside its line
 * (warnings included: a file the engine runs may still have them).
 */
export function ConfigLines({ text, diagnostics }: { text: string; diagnostics: readonly TConfigDiagnostic[] }) {
  const byLine = new Map<number, TConfigDiagnostic[]>();
  for (const d of diagnostics) if (d.file === "") byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  return (
    <div className="overflow-x-auto rounded-md border bg-muted/30 font-mono text-xs leading-5" data-testid="config-lines">
      <table className="w-full border-collapse">
        <tbody>
          {lines.map((line, i) => {
            const n = i + 1;
            const notes = byLine.get(n) ?? [];
            const worst = notes.some((d) => d.severity === "error") ? "error" : notes.length ? "warning" : null;
            return (
              <tr key={n} data-testid={`config-line-${n}`} className={cn(worst === "error" && "bg-destructive/10", worst === "warning" && "bg-warning/10")}>
                <td className="w-12 border-r px-2 text-right align-top text-muted-foreground select-none">{n}</td>
                <td className="px-3 align-top whitespace-pre">{line || " "}</td>
                <td className="w-full px-3 align-top font-sans">
                  {notes.map((d, j) => (
                    <div key={j} className={cn("whitespace-normal", d.severity === "error" ? "text-destructive" : "text-foreground/80")} data-testid="line-diagnostic">
                      {d.severity === "error" ? "error" : "warning"} (col {d.col}): {d.message}
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

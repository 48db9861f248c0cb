import { cn } from "@/lib/utils";

/** A unified diff, lines coloured by kind. File headers (`---`/`+++`) are left out: the page names the revisions. */
export function DiffView({ diff, className }: { diff: string; className?: string }) {
  const lines = diff.split("\n").filter((l, i, all) => !(i === all.length - 1 && l === "") && !/^(---|\+\+\+) /.test(l));
  if (lines.length === 0) return <p className="text-xs text-muted-foreground">No changes to the text.</p>;
  return (
    <pre className={cn("overflow-x-auto rounded-md border bg-muted/30 py-1 font-mono text-xs leading-5", className)} data-testid="diff">
      {lines.map((line, i) => (
        <div
          key={i}
          className={cn(
            "px-3",
            line.startsWith("+") && "bg-success/10 text-success",
            line.startsWith("-") && "bg-destructive/10 text-destructive",
            line.startsWith("@@") && "bg-muted text-muted-foreground",
          )}
        >
          {line || " "}
        </div>
      ))}
    </pre>
  );
}

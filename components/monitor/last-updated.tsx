import { cn, formatDuration } from "@/lib/utils";

/** How old the numbers on screen are, so a stalled feed is visible. */
export const STALE_AFTER_MS = 10_000;

export function LastUpdated({ now, updatedAt }: { now: number; updatedAt: number }) {
  const age = Math.max(0, now - updatedAt);
  const stale = age >= STALE_AFTER_MS;
  return (
    <span className={cn("text-xs tabular-nums", stale ? "text-destructive" : "text-muted-foreground")} data-testid="monitor-freshness" data-stale={stale}>
      updated {age < 1_000 ? "just now" : `${formatDuration(age)} ago`}
    </span>
  );
}

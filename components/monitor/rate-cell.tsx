import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/lib/utils";

/** Recipients in the last minute against the per-minute limit ("∞" when unlimited). */
export function RateCell({ current, limit, atLimit }: { current: number; limit: number | null; atLimit: boolean }) {
  const text = `${formatCount(current)}/m of ${limit === null ? "∞" : formatCount(limit)}`;
  return atLimit ? (
    <Badge variant="default" title="At its rate limit">
      {text}
    </Badge>
  ) : (
    <span className="tabular-nums text-muted-foreground">{text}</span>
  );
}

import { Badge } from "@/components/ui/badge";

export type Transport = "live" | "polling" | "connecting";

const LABELS: Record<Transport, string> = { live: "Live", polling: "Polling", connecting: "Connecting" };

/** How the numbers arrive: a server-sent event stream, or the polling fallback. */
export function LiveBadge({ transport }: { transport: Transport }) {
  return (
    <Badge variant={transport === "live" ? "success" : transport === "polling" ? "warning" : "secondary"} data-testid="monitor-transport">
      <span className={transport === "live" ? "size-1.5 rounded-full bg-success animate-pulse" : "size-1.5 rounded-full bg-current"} />
      {LABELS[transport]}
    </Badge>
  );
}

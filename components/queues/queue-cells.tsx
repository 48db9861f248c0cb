import { Badge } from "@/components/ui/badge";
import { formatCount, formatDuration } from "@/lib/utils";

/** The fields of an engine queue row the console shows (structurally the engine's QueueSnapshot). */
export interface QueueRowView {
  key: string;
  domain: string;
  vmta: string;
  recipients: number;
  messages: number;
  bytes: number;
  oldestQueuedAt: number | null;
  activeConnections: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  mode: "normal" | "backoff";
  modeSince: number;
  modeReason: string | null;
  paused: boolean;
  disabledSources: { ip: string; until: number | null; reason: string | null }[];
  maxSmtpOut?: number;
  rate?: { lastMinute: number; limit: string | null; limitPerMinute: number | null };
}

export function formatKb(bytes: number): string {
  return formatCount(Math.ceil(bytes / 1024));
}

export function ModeBadge({ mode, since, now }: { mode: "normal" | "backoff"; since: number; now: number }) {
  return (
    <span className="inline-flex items-center gap-1" data-testid="queue-mode">
      <Badge variant={mode === "backoff" ? "warning" : "secondary"}>{mode}</Badge>
      {since > 0 && <span className="text-xs text-muted-foreground tabular-nums">{formatDuration(now - since)}</span>}
    </span>
  );
}

export function PausedBadge({ paused }: { paused: boolean }) {
  return paused ? (
    <Badge variant="destructive" data-testid="queue-paused">
      paused
    </Badge>
  ) : (
    <span className="text-muted-foreground">–</span>
  );
}

/** "3 / 20": open connections against max-smtp-out (unknown when the engine does not say). */
export function connectionsText(q: Pick<QueueRowView, "activeConnections" | "maxSmtpOut">): string {
  return q.maxSmtpOut === undefined ? String(q.activeConnections) : `${q.activeConnections} / ${q.maxSmtpOut}`;
}

/** "42 / 120/m": recipients attempted in the last minute against the limit. */
export function rateText(q: Pick<QueueRowView, "rate">): string {
  if (!q.rate) return "–";
  return `${formatCount(q.rate.lastMinute)} / ${q.rate.limit ?? "unlimited"}`;
}

export function nextAttemptText(nextAttemptAt: number | null, now: number): string {
  if (nextAttemptAt === null) return "now";
  return nextAttemptAt <= now ? "now" : `in ${formatDuration(nextAttemptAt - now)}`;
}

export function ageText(oldestQueuedAt: number | null, now: number): string {
  return oldestQueuedAt === null ? "–" : formatDuration(now - oldestQueuedAt);
}

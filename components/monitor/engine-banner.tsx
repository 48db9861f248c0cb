import type { TEngineStatus } from "@/lib/schemas/monitor";
import { Alert } from "@/components/ui/alert";
import { formatCount, formatDuration } from "@/lib/utils";

/** One line about the engine: running since when and what it holds, or that it is not running. */
export function EngineBanner({ engine, now }: { engine: TEngineStatus; now: number }) {
  if (engine.state === "not-running") {
    return (
      <Alert variant="warning" data-testid="engine-not-running">
        <strong className="font-semibold">The MTA engine is not running in this process.</strong>{" "}
        <span className="text-muted-foreground">Totals and history below come from the database; queues and live counts appear once the engine starts.</span>
      </Alert>
    );
  }
  return (
    <p className="text-xs text-muted-foreground" data-testid="engine-running">
      Engine up {formatDuration(now - engine.startedAt)} · {formatCount(engine.queuedMessages)} messages /{" "}
      {formatCount(engine.queuedRecipients)} recipients queued · {engine.smtpIn} inbound and {engine.smtpOut} outbound connections
    </p>
  );
}

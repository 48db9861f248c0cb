/**
 * Source addresses taken out of a queue (`pmta disable source`, or a `disable-source-ip` rule of the
 * queue's `<smtp-pattern-list>`), kept across restarts in `source-disables.json` beside the spool
 * (state/state-file.ts): a restart must not send again from an address the destination just blocked.
 * Until enabled (null) or until a time; one whose time has passed is not restored.
 */

import type { Clock, Logger } from "../ports";
import { StateFile } from "../state/state-file";
import type { DeliveryQueue } from "./delivery-queue";
import { parseQueueKey, type QueueKey } from "./queue-key";

interface Disabled {
  /** Epoch ms; null: until enabled. */
  until: number | null;
  reason: string | null;
}

/** Queue key → source address → why and until when. */
type Saved = Record<string, Record<string, Disabled>>;

export class SourceDisables {
  private readonly saved: StateFile<Saved>;
  private readonly disabled: Saved;

  constructor(
    file: string | null,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.saved = new StateFile(file, "disabled source addresses", logger);
    this.disabled = this.saved.load(isSaved, {});
    this.dropExpired();
  }

  /** The queues with an address still disabled, to bring back at start. */
  queues(): QueueKey[] {
    return Object.keys(this.disabled).flatMap((key) => parseQueueKey(key) ?? []);
  }

  /** Applies what was saved for `queue` (just created), then records its changes from now on. */
  restoreInto(queue: DeliveryQueue): void {
    const now = this.clock.now();
    for (const [ip, d] of Object.entries(this.disabled[queue.key] ?? {})) {
      const until = d.until ?? Infinity;
      if (until <= now) continue;
      const state = queue.sourceIp(ip);
      state.disabledUntil = until;
      state.disabledReason = d.reason;
    }
    queue.onSourceChange = (ip, until, reason) => this.record(queue.key, ip, until, reason);
  }

  flush(): void {
    this.saved.flush(this.current());
  }

  private record(key: string, ip: string, until: number, reason: string | null): void {
    const byIp = (this.disabled[key] ??= {});
    if (until > this.clock.now()) byIp[ip] = { until: Number.isFinite(until) ? until : null, reason };
    else delete byIp[ip];
    if (Object.keys(byIp).length === 0) delete this.disabled[key];
    this.saved.changed(() => this.current());
  }

  private current(): Saved {
    this.dropExpired();
    return this.disabled;
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [key, byIp] of Object.entries(this.disabled)) {
      for (const [ip, d] of Object.entries(byIp)) if (d.until !== null && d.until <= now) delete byIp[ip];
      if (Object.keys(byIp).length === 0) delete this.disabled[key];
    }
  }
}

function isSaved(value: unknown): value is Saved {
  const record = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!record(value)) return false;
  return Object.values(value).every(
    (byIp) =>
      record(byIp) &&
      Object.values(byIp).every((d) => {
        const x = d as Partial<Disabled> | null;
        return record(x) && (x.until === null || Number.isFinite(x.until)) && (x.reason === null || typeof x.reason === "string");
      }),
  );
}

/**
 * Queue retry mode across restarts. A queue whose destination refused it waits out its `retry-after`
 * interval; without this record a restart would make every recipient of every such queue due at
 * once, and a spool of a million deferred recipients would hit its destinations (and the accounting
 * log) with a million attempts. Kept in `queue-holds.json` beside the spool (state/state-file.ts).
 */

import type { Clock, Logger } from "../ports";
import { StateFile } from "../state/state-file";

export interface QueueHold {
  /** No new connection before this time (epoch ms). */
  until: number;
  /** The queue's position in its `retry-after` list. */
  retryIndex: number;
}

type Holds = Record<string, QueueHold>;

export class QueueHolds {
  private readonly holds: Holds;
  private readonly saved: StateFile<Holds>;

  constructor(
    file: string | null,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.saved = new StateFile(file, "queue holds", logger);
    this.holds = this.saved.load(isHolds, {});
  }

  /** The hold queue `key` was under when the engine stopped, if it is still in force. */
  restored(key: string): QueueHold | undefined {
    const hold = this.holds[key];
    return hold && hold.until > this.clock.now() ? hold : undefined;
  }

  /** Queue `key` entered (or stays in) retry mode. */
  set(key: string, hold: QueueHold): void {
    this.holds[key] = hold;
    this.saved.changed(() => this.current());
  }

  flush(): void {
    this.saved.flush(this.current());
  }

  /** The holds still in force; the rest are dropped as they are written. */
  private current(): Holds {
    const now = this.clock.now();
    for (const [key, hold] of Object.entries(this.holds)) if (hold.until <= now) delete this.holds[key];
    return this.holds;
  }
}

function isHolds(value: unknown): value is Holds {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((h: Partial<QueueHold> | null) => typeof h === "object" && h !== null && Number.isFinite(h.until) && Number.isInteger(h.retryIndex));
}

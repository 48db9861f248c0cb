/**
 * The history of queue modes (normal ↔ backoff): one row per change, written in batches by
 * lib/mta-host/queue-mode-log.ts, read newest first per queue by the queue detail page.
 */

import { getDb, type Db } from "./client";

export interface QueueModeChangeEntry {
  queue: string;
  mode: "normal" | "backoff";
  cause: "reply" | "timer" | "delivery" | "operator";
  reason: string;
  /** Epoch ms. */
  at: number;
}

export interface QueueModeChangeDto extends QueueModeChangeEntry {
  id: number;
}

/** Rows per INSERT: well under SQLite's bound-parameter limit (5 columns each). */
export const QUEUE_MODE_INSERT_CHUNK = 500;

export function createQueueModeChangeRepository(db: Db = getDb()) {
  return {
    async insertMany(entries: readonly QueueModeChangeEntry[]): Promise<number> {
      let written = 0;
      for (let i = 0; i < entries.length; i += QUEUE_MODE_INSERT_CHUNK) {
        const chunk = entries.slice(i, i + QUEUE_MODE_INSERT_CHUNK);
        const r = await db.queueModeChange.createMany({
          data: chunk.map((e) => ({ queue: e.queue, mode: e.mode, cause: e.cause, reason: e.reason, at: new Date(e.at) })),
        });
        written += r.count;
      }
      return written;
    },

    /** The queue's changes, newest first, through the (queue, at) index. */
    async ofQueue(queue: string, limit: number): Promise<QueueModeChangeDto[]> {
      const rows = await db.queueModeChange.findMany({
        where: { queue },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map((r) => ({
        id: r.id,
        queue: r.queue,
        mode: r.mode === "backoff" ? "backoff" : "normal",
        cause: r.cause as QueueModeChangeEntry["cause"],
        reason: r.reason,
        at: r.at.getTime(),
      }));
    },
  };
}

export type QueueModeChangeRepository = ReturnType<typeof createQueueModeChangeRepository>;

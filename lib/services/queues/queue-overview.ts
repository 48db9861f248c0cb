import "server-only";

/**
 * The /queues page's data: one page of the engine's queues (filtered, sorted and paged here, on the
 * server), the jobs, and the totals. From the engine's in-memory snapshot, never from the database.
 */

import type { JobSnapshot, MtaSnapshot } from "@/mta/index";
import { getMta } from "../../mta-host/handle";
import { listQueues, type TQueuePage } from "./list-queues";
import type { TQueueListQuery } from "./queue-list-query";

export interface TQueueOverview {
  /** Snapshot time (epoch ms); null when this process runs no engine. */
  at: number | null;
  queues: TQueuePage;
  jobs: JobSnapshot[];
  totals: MtaSnapshot["totals"] | null;
}

export function getQueueOverview(query: TQueueListQuery): TQueueOverview {
  const mta = getMta();
  if (!mta) return { at: null, queues: { rows: [], total: 0, page: 1, pages: 1 }, jobs: [], totals: null };
  const s = mta.snapshot();
  // jobs is filled by engines that track them; older ones leave it out.
  return { at: s.at, queues: listQueues(s.queues, query), jobs: s.jobs ?? [], totals: s.totals };
}

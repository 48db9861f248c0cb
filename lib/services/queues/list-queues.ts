/**
 * Filters, sorts and pages the engine's queues (there may be 10,000 and more) on the server, so the
 * browser gets one page. Pure: the snapshot comes in, a page goes out.
 */

import type { QueueSnapshot } from "@/mta/index";
import { QUEUE_PAGE_SIZE, type TQueueListQuery, type TQueueSort } from "./queue-list-query";

export interface TQueuePage {
  rows: QueueSnapshot[];
  /** Queues matching the filter, over every page. */
  total: number;
  page: number;
  pages: number;
}

function matches(q: QueueSnapshot, query: TQueueListQuery, text: string | undefined): boolean {
  if (query.mode !== undefined && q.mode !== query.mode) return false;
  if (query.paused !== undefined && q.paused !== query.paused) return false;
  if (query.errors !== undefined && (q.lastError !== null) !== query.errors) return false;
  if (text && !q.domain.toLowerCase().includes(text) && !q.vmta.toLowerCase().includes(text)) return false;
  return true;
}

const byName = (a: QueueSnapshot, b: QueueSnapshot) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Biggest first for sizes, oldest message first for age (empty queues last); the name breaks ties. */
const COMPARE: Record<TQueueSort, (a: QueueSnapshot, b: QueueSnapshot) => number> = {
  recipients: (a, b) => b.recipients - a.recipients || byName(a, b),
  kb: (a, b) => b.bytes - a.bytes || byName(a, b),
  oldest: (a, b) => (a.oldestQueuedAt ?? Infinity) - (b.oldestQueuedAt ?? Infinity) || byName(a, b),
  name: byName,
};

export function listQueues(queues: readonly QueueSnapshot[], query: TQueueListQuery, pageSize = QUEUE_PAGE_SIZE): TQueuePage {
  const text = query.q?.toLowerCase();
  const matching = queues.filter((q) => matches(q, query, text));
  matching.sort(COMPARE[query.sort]);
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(query.page, pages);
  return { rows: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length, page, pages };
}

/**
 * Queue health for the live feed, summed from the engine snapshot once per push: per VirtualMTA, per
 * pool, the top queues and the top jobs. The result's size depends on the number of VirtualMTAs and
 * pools, not on the number of queues (10,000 queues → 20 rows).
 */

import type { MtaSnapshot, QueueSnapshot } from "@/mta/index";
import type { TJobRow, TQueueGroup, TQueueRow } from "../schemas/monitor";
import { KB } from "./monitor-rollups";
import { topK, type JobCounts } from "./rollup-counts";

export const TOP_QUEUES = 20;
export const TOP_JOBS = 20;
/** A queue is "at its rate limit" when its last minute reached this share of the limit. */
export const AT_LIMIT_SHARE = 0.95;

export interface QueueHealth {
  queueCount: number;
  vmtas: TQueueGroup[];
  pools: TQueueGroup[];
  topQueues: TQueueRow[];
}

function atRateLimit(q: QueueSnapshot): boolean {
  const limit = q.rate?.limitPerMinute;
  return limit != null && limit > 0 && q.rate.lastMinute >= limit * AT_LIMIT_SHARE;
}

function emptyGroup(name: string): TQueueGroup {
  return { name, queues: 0, recipients: 0, messages: 0, kb: 0, oldestQueuedAt: null, backoffQueues: 0, pausedQueues: 0, atRateLimitQueues: 0, activeConnections: 0, maxConnections: 0, rateLastMinute: 0, rateLimitPerMinute: 0 };
}

function addQueue(g: TQueueGroup, q: QueueSnapshot, atLimit: boolean): void {
  g.queues += 1;
  g.recipients += q.recipients;
  g.messages += q.messages;
  g.kb += q.bytes / KB;
  if (q.oldestQueuedAt !== null && (g.oldestQueuedAt === null || q.oldestQueuedAt < g.oldestQueuedAt)) g.oldestQueuedAt = q.oldestQueuedAt;
  if (q.mode === "backoff") g.backoffQueues += 1;
  if (q.paused) g.pausedQueues += 1;
  if (atLimit) g.atRateLimitQueues += 1;
  g.activeConnections += q.activeConnections;
  g.maxConnections += q.maxSmtpOut ?? 0;
  g.rateLastMinute += q.rate?.lastMinute ?? 0;
  const limit = q.rate?.limitPerMinute ?? null;
  g.rateLimitPerMinute = g.rateLimitPerMinute === null || limit === null ? null : g.rateLimitPerMinute + limit;
}

function queueRow(q: QueueSnapshot): TQueueRow {
  return {
    key: q.key,
    domain: q.domain,
    vmta: q.vmta,
    recipients: q.recipients,
    messages: q.messages,
    kb: Math.round(q.bytes / KB),
    oldestQueuedAt: q.oldestQueuedAt,
    activeConnections: q.activeConnections,
    maxConnections: q.maxSmtpOut ?? 0,
    mode: q.mode ?? "normal",
    paused: q.paused ?? false,
    rateLastMinute: q.rate?.lastMinute ?? 0,
    rateLimit: q.rate?.limit ?? null,
    rateLimitPerMinute: q.rate?.limitPerMinute ?? null,
    atRateLimit: atRateLimit(q),
    lastError: q.lastError,
  };
}

/** Most recipients first, then the oldest mail, then by name: the ones backing up come first. */
export function byBacklog(a: TQueueGroup, b: TQueueGroup): number {
  return b.recipients - a.recipients || (a.oldestQueuedAt ?? Infinity) - (b.oldestQueuedAt ?? Infinity) || a.name.localeCompare(b.name);
}

export function summarizeQueues(snap: Pick<MtaSnapshot, "queues" | "pools" | "vmtas">): QueueHealth {
  const vmtas = new Map<string, TQueueGroup>();
  for (const v of snap.vmtas ?? []) vmtas.set(v.name, emptyGroup(v.name));
  for (const q of snap.queues) {
    let g = vmtas.get(q.vmta);
    if (!g) {
      g = emptyGroup(q.vmta);
      vmtas.set(q.vmta, g);
    }
    addQueue(g, q, atRateLimit(q));
  }
  // A pool's health is the sum of its members' (a VirtualMTA may be in several pools).
  const pools = (snap.pools ?? []).map((p) => {
    const g: TQueueGroup = { ...emptyGroup(p.name), members: [...p.members] };
    let oldest: number | null = null;
    for (const m of p.members) {
      const v = vmtas.get(m);
      if (!v) continue;
      for (const k of ["queues", "recipients", "messages", "kb", "backoffQueues", "pausedQueues", "atRateLimitQueues", "activeConnections", "maxConnections", "rateLastMinute"] as const) g[k] += v[k];
      g.rateLimitPerMinute = g.rateLimitPerMinute === null || v.rateLimitPerMinute === null ? null : g.rateLimitPerMinute + v.rateLimitPerMinute;
      if (v.oldestQueuedAt !== null && (oldest === null || v.oldestQueuedAt < oldest)) oldest = v.oldestQueuedAt;
    }
    g.oldestQueuedAt = oldest;
    return g;
  });
  const round = (g: TQueueGroup) => ({ ...g, kb: Math.round(g.kb) });
  return {
    queueCount: snap.queues.length,
    vmtas: [...vmtas.values()].map(round).sort(byBacklog),
    pools: pools.map(round).sort(byBacklog),
    topQueues: topK(snap.queues, TOP_QUEUES, (q) => q.recipients, (q) => q.key).map(queueRow),
  };
}

export function topJobs(snap: Pick<MtaSnapshot, "jobs">, last24h: (jobId: string) => JobCounts): TJobRow[] {
  return (snap.jobs ?? []).slice(0, TOP_JOBS).map((j) => ({ id: j.id, recipients: j.recipients, messages: j.messages, paused: j.paused, last24h: last24h(j.id) }));
}

/**
 * The engine's snapshot crosses from its thread to the console's twice a second. Whole, at 10,000
 * queues it is ~4 MB of structured clone each time (~65 ms of serialising and deserialising, 13% of a
 * core, while nothing happens). So after the first one only what changed crosses: the small totals
 * always, the queues that changed or appeared, the keys of those gone, and the jobs, pools and
 * VirtualMTAs when they differ from what was sent. The console's mirror rebuilds the same snapshot.
 */

import type { MtaSnapshot, QueueSnapshot } from "@/mta/index";

export interface SnapshotDelta {
  at: number;
  startedAt: number;
  totals: MtaSnapshot["totals"];
  connections: MtaSnapshot["connections"];
  counters: MtaSnapshot["counters"];
  /** Queues new or changed since the last delta, in the engine's order. */
  queues: QueueSnapshot[];
  /** Keys of queues gone since the last delta. */
  removed: string[];
  jobs?: MtaSnapshot["jobs"];
  pools?: MtaSnapshot["pools"];
  vmtas?: MtaSnapshot["vmtas"];
}

/** Plain data (numbers, strings, null, arrays, objects) compared by value. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** A queue's plain fields, compared one by one on the hot path (10,000 queues twice a second). */
const QUEUE_FIELDS = [
  "key", "domain", "vmta", "recipients", "messages", "bytes", "oldestQueuedAt", "activeConnections", "nextAttemptAt",
  "lastError", "mode", "modeSince", "modeReason", "paused", "maxSmtpOut",
] as const satisfies readonly (keyof QueueSnapshot)[];

/** Fails to compile when QueueSnapshot gains a field sameQueue does not compare. */
type Unchecked = Exclude<keyof QueueSnapshot, (typeof QUEUE_FIELDS)[number] | "rate" | "disabledSources">;
const everyFieldCompared: [Unchecked] extends [never] ? true : Unchecked = true;
void everyFieldCompared;

function sameQueue(a: QueueSnapshot, b: QueueSnapshot): boolean {
  // Written out (not a loop over QUEUE_FIELDS): a keyed loop is ~8x slower at this scale.
  if (
    a.key !== b.key || a.domain !== b.domain || a.vmta !== b.vmta || a.recipients !== b.recipients || a.messages !== b.messages ||
    a.bytes !== b.bytes || a.oldestQueuedAt !== b.oldestQueuedAt || a.activeConnections !== b.activeConnections ||
    a.nextAttemptAt !== b.nextAttemptAt || a.lastError !== b.lastError || a.mode !== b.mode || a.modeSince !== b.modeSince ||
    a.modeReason !== b.modeReason || a.paused !== b.paused || a.maxSmtpOut !== b.maxSmtpOut
  ) {
    return false;
  }
  const [ra, rb] = [a.rate, b.rate];
  if (ra.lastMinute !== rb.lastMinute || ra.limit !== rb.limit || ra.limitPerMinute !== rb.limitPerMinute) return false;
  return a.disabledSources.length === 0 && b.disabledSources.length === 0 ? true : same(a.disabledSources, b.disabledSources);
}

/** The engine's side: what changed since the snapshot it last described. */
export class SnapshotDiffer {
  /** Per queue key, what was sent and in which delta it was last seen. */
  private sent = new Map<string, { q: QueueSnapshot; seen: number }>();
  private round = 0;
  private last: Pick<MtaSnapshot, "jobs" | "pools" | "vmtas"> | null = null;

  /** Starts over from `snap`, sent whole. */
  reset(snap: MtaSnapshot): void {
    this.sent = new Map(snap.queues.map((q) => [q.key, { q, seen: this.round }]));
    this.last = { jobs: snap.jobs, pools: snap.pools, vmtas: snap.vmtas };
  }

  delta(snap: MtaSnapshot): SnapshotDelta {
    const round = ++this.round;
    const queues: QueueSnapshot[] = [];
    const known = this.sent.size;
    let kept = 0;
    for (const q of snap.queues) {
      const before = this.sent.get(q.key);
      if (!before) {
        this.sent.set(q.key, { q, seen: round });
        queues.push(q);
        continue;
      }
      kept++;
      before.seen = round;
      if (!sameQueue(before.q, q)) queues.push(q);
      before.q = q;
    }
    const removed: string[] = [];
    // Some queue sent before was not in this snapshot: find which (rare, so the walk is only then).
    if (kept < known) {
      for (const [key, e] of this.sent) {
        if (e.seen === round) continue;
        removed.push(key);
        this.sent.delete(key);
      }
    }
    const last = this.last;
    const out: SnapshotDelta = { at: snap.at, startedAt: snap.startedAt, totals: snap.totals, connections: snap.connections, counters: snap.counters, queues, removed };
    if (!last || !same(last.jobs, snap.jobs)) out.jobs = snap.jobs;
    if (!last || !same(last.pools, snap.pools)) out.pools = snap.pools;
    if (!last || !same(last.vmtas, snap.vmtas)) out.vmtas = snap.vmtas;
    this.last = { jobs: snap.jobs, pools: snap.pools, vmtas: snap.vmtas };
    return out;
  }
}

/** The console's side: the engine's snapshot, rebuilt from the first whole one and the deltas after it. */
export class SnapshotMirror {
  private queues = new Map<string, QueueSnapshot>();
  private current: MtaSnapshot | null = null;

  get snapshot(): MtaSnapshot | null {
    return this.current;
  }

  reset(snap: MtaSnapshot): void {
    this.queues = new Map(snap.queues.map((q) => [q.key, q]));
    this.current = snap;
  }

  apply(d: SnapshotDelta): void {
    const prev = this.current;
    if (!prev) throw new Error("a snapshot delta arrived before the first snapshot");
    for (const key of d.removed) this.queues.delete(key);
    // A changed queue keeps its place, a new one goes last, as in the engine (a queue that went and came
    // back between two deltas keeps its old place here: the order is not part of the contract).
    for (const q of d.queues) this.queues.set(q.key, q);
    const unchanged = d.queues.length === 0 && d.removed.length === 0;
    this.current = {
      at: d.at,
      startedAt: d.startedAt,
      queues: unchanged ? prev.queues : [...this.queues.values()],
      totals: d.totals,
      connections: d.connections,
      counters: d.counters,
      jobs: d.jobs ?? prev.jobs,
      pools: d.pools ?? prev.pools,
      vmtas: d.vmtas ?? prev.vmtas,
    };
  }
}

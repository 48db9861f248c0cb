import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import type { MtaSnapshot, QueueSnapshot } from "@/mta/index";
import { SnapshotDiffer, SnapshotMirror } from "./snapshot-delta";

const queue = (key: string, over: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  key,
  domain: key.split("/")[0],
  vmta: "{default}",
  recipients: 1,
  messages: 1,
  bytes: 100,
  oldestQueuedAt: 1,
  activeConnections: 0,
  nextAttemptAt: null,
  lastError: null,
  mode: "normal",
  modeSince: 0,
  modeReason: null,
  paused: false,
  disabledSources: [],
  maxSmtpOut: 20,
  rate: { lastMinute: 0, limit: null, limitPerMinute: null },
  ...over,
});

const snapshot = (at: number, queues: QueueSnapshot[], over: Partial<MtaSnapshot> = {}): MtaSnapshot => ({
  at,
  startedAt: 0,
  queues,
  totals: { queuedRecipients: queues.reduce((n, q) => n + q.recipients, 0), queuedMessages: queues.length, spoolBytes: 0 },
  connections: { smtpIn: 0, smtpOut: 0 },
  counters: { received: 0, delivered: 0, deferred: 0, bounced: 0 },
  jobs: [],
  pools: [{ name: "p", members: ["v1"] }],
  vmtas: [{ name: "v1", sourceIps: ["192.0.2.1"] }],
  ...over,
});

/** Sends `snaps` through a differ and a mirror the way the engine's thread and the console's do (structured clone). */
function mirrored(snaps: MtaSnapshot[]) {
  const differ = new SnapshotDiffer();
  const mirror = new SnapshotMirror();
  differ.reset(snaps[0]);
  mirror.reset(structuredClone(snaps[0]));
  const deltas = snaps.slice(1).map((s) => {
    const d = differ.delta(s);
    mirror.apply(structuredClone(d));
    return { d, seen: mirror.snapshot };
  });
  return { deltas, mirror };
}

describe("snapshot deltas", () => {
  it("rebuilds each snapshot on the console's side: changed, new and removed queues, totals, jobs", () => {
    const s0 = snapshot(1, [queue("a/{default}"), queue("b/{default}"), queue("c/{default}")]);
    const s1 = snapshot(2, [queue("a/{default}"), queue("b/{default}", { paused: true }), queue("c/{default}"), queue("d/{default}")]);
    const s2 = snapshot(3, [queue("b/{default}", { paused: true, disabledSources: [{ ip: "192.0.2.1", until: null, reason: "x" }] }), queue("d/{default}", { rate: { lastMinute: 4, limit: "120/m", limitPerMinute: 120 } })], {
      jobs: [{ id: "camp1", recipients: 2, messages: 1, paused: false }],
    });
    const s3 = snapshot(4, s2.queues, { jobs: s2.jobs, pools: [], counters: { received: 1, delivered: 1, deferred: 0, bounced: 0 } });
    // One queue gone and another new in the same interval: as many queues as before.
    const s4 = snapshot(5, [s3.queues[0], queue("e/{default}")], { jobs: s2.jobs, pools: [], counters: s3.counters });
    const { deltas } = mirrored([s0, s1, s2, s3, s4]);
    expect(deltas.map((x) => x.seen)).toEqual([s1, s2, s3, s4]);
    expect(deltas.map(({ d }) => [d.queues.map((q) => q.key), d.removed])).toEqual([
      [["b/{default}", "d/{default}"], []],
      [["b/{default}", "d/{default}"], ["a/{default}", "c/{default}"]],
      [[], []],
      [["e/{default}"], ["d/{default}"]],
    ]);
    expect(deltas.slice(0, 3).map(({ d }) => [d.jobs !== undefined, d.pools !== undefined, d.vmtas !== undefined])).toEqual([
      [false, false, false],
      [true, false, false],
      [false, true, false],
    ]);
  });

  it("sends next to nothing while 10,000 queues stand still, and only the queue that changed", () => {
    const queues = Array.from({ length: 10_000 }, (_, i) => queue(`d${i}.test/{default}`, { lastError: "421 4.4.1 connection refused", nextAttemptAt: 5_000 }));
    const s0 = snapshot(1, queues);
    const s1 = snapshot(2, queues.map((q) => ({ ...q, rate: { ...q.rate } })));
    const s2 = snapshot(3, s1.queues.map((q, i) => (i === 42 ? { ...q, recipients: 0 } : q)));
    const { deltas } = mirrored([s0, s1, s2]);
    expect(v8.serialize(s0).length).toBeGreaterThan(2_000_000);
    expect(v8.serialize(deltas[0].d).length).toBeLessThan(1_000);
    expect(deltas[0].seen!.queues).toEqual(s0.queues);
    expect(deltas[1].d.queues.map((q) => q.key)).toEqual(["d42.test/{default}"]);
    expect(deltas[1].seen).toEqual(s2);
  });

  it("refuses a delta before the first snapshot", () => {
    const d = new SnapshotDiffer().delta(snapshot(1, []));
    expect(() => new SnapshotMirror().apply(d)).toThrow("before the first snapshot");
  });
});

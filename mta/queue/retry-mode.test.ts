/**
 * The queue manager's retry decisions over a fake clock, without any network: the `retry-after` list
 * (last entry repeats, starts over after a delivery), `retry-recipients-after` when the session
 * delivered others, `backoff-retry-after` in backoff, and expiry at `bounce-after`.
 */

import os from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveDomain } from "../config/resolve";
import type { AcctRecord } from "../records/acct-record";
import { compileOrThrow, quietLogger } from "../testing/harness";
import type { DeliveryQueue } from "./delivery-queue";
import { QueueManager } from "./queue-manager";
import { QueuedMessage } from "./queued-message";

const rec = (type: "d" | "t" | "b", diag = `smtp;${type === "d" ? "250 ok" : "451 later"}`) => ({ type, dsnDiag: diag }) as AcctRecord;

function rig(domainLines: string) {
  vi.useFakeTimers({ now: 1_000_000 });
  const config = compileOrThrow(`<domain *>\n${domainLines}\n</domain>\n`, os.tmpdir());
  const records: AcctRecord[] = [];
  const opened: DeliveryQueue[] = [];
  const qm = new QueueManager({
    clock: { now: () => Date.now() },
    logger: quietLogger,
    settingsFor: (domain) => resolveDomain(config, domain),
    expiryRecord: () => rec("b", "4.4.7 message expired"),
    outcomes: { settle: (_m, outcomes) => records.push(...outcomes.map((o) => o.record)), schedule() {}, delayed() {} },
    openConnection: (q) => opened.push(q),
    totalMaxSmtpOut: () => 1_000,
    vmtaMaxSmtpOut: () => Infinity,
    vmtaMsgRate: () => null,
    rampFactor: () => 1,
    rerouteTarget: (name) => name,
    onModeChange: () => {},
  });
  let ids = 0;
  return {
    qm,
    records,
    send(...rcpts: string[]) {
      const msg = new QueuedMessage({ id: `m${++ids}`, receivedAt: Date.now(), mailFrom: "", recipients: rcpts.map((address) => ({ address })), source: { ip: "127.0.0.1", helo: "t", type: "smtp" }, size: 10 });
      qm.enqueue(msg);
    },
    /** One connection asked for: it takes the next entry, which gets `types` (one per recipient), and closes. */
    attempt(types: ("d" | "t")[], sessionDelivered = false): DeliveryQueue {
      const queue = opened[opened.length - 1];
      qm.connectionEstablished(queue);
      const next = qm.take(queue);
      if (next.kind !== "entry") throw new Error(`nothing to take: ${next.kind}`);
      qm.settle(next.entry, next.entry.rcpts.map((index, i) => ({ index, record: rec(types[i]) })), sessionDelivered);
      qm.connectionClosed(queue, true);
      return queue;
    },
    /** Milliseconds until the queue's hold ends. */
    hold: (queue: DeliveryQueue) => queue.holdUntil - Date.now(),
    connections: () => opened.length,
  };
}

afterEach(() => vi.useRealTimers());

describe("retry mode", () => {
  it("walks the retry-after list, repeating its last entry", () => {
    const r = rig("retry-after 1s,2s");
    r.send("a@x.test");
    const holds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const queue = r.attempt(["t"]);
      holds.push(r.hold(queue));
      vi.advanceTimersByTime(r.hold(queue) - 1);
      expect(r.connections()).toBe(i + 1);
      vi.advanceTimersByTime(1);
    }
    expect(holds).toEqual([1_000, 2_000, 2_000, 2_000]);
  });

  it("starts the list over after a delivery; a recipient refused while others went waits retry-recipients-after alone", () => {
    const r = rig("retry-after 1s,2s,4s\nretry-recipients-after 3s");
    r.send("a@x.test", "b@x.test");
    let queue = r.attempt(["t", "t"]);
    expect(r.hold(queue)).toBe(1_000);
    vi.advanceTimersByTime(1_000);
    expect(r.hold(r.attempt(["t", "t"]))).toBe(2_000);
    vi.advanceTimersByTime(2_000);
    queue = r.attempt(["d", "t"]);
    // No queue-level hold: b alone comes back after retry-recipients-after.
    expect(r.hold(queue)).toBeLessThanOrEqual(0);
    const before = r.connections();
    vi.advanceTimersByTime(2_999);
    expect(r.connections()).toBe(before);
    vi.advanceTimersByTime(1);
    expect(r.connections()).toBe(before + 1);
    // The list started over at the delivery.
    expect(r.hold(r.attempt(["t"]))).toBe(1_000);
  });

  it("uses backoff-retry-after while the queue is in backoff", () => {
    const r = rig("retry-after 1s\nbackoff-retry-after 7s");
    r.send("a@x.test");
    const queue = r.attempt(["t"]);
    expect(r.hold(queue)).toBe(1_000);
    vi.advanceTimersByTime(1_000);
    r.qm.enterBackoff(queue, "421 rate limited");
    expect(r.hold(r.attempt(["t"]))).toBe(7_000);
    r.qm.stop();
  });

  it("bounces at bounce-after, even while the queue waits for a retry due later", () => {
    const r = rig("retry-after 2s\nbounce-after 5s");
    const start = Date.now();
    r.send("a@x.test");
    r.attempt(["t"]);
    vi.advanceTimersByTime(2_000);
    r.attempt(["t"]);
    vi.advanceTimersByTime(2_000);
    r.attempt(["t"]);
    // The queue's next retry is at 6s; the message's lifetime ends at 5s.
    vi.advanceTimersByTime(999);
    expect(r.records.map((x) => x.type)).toEqual(["t", "t", "t"]);
    vi.advanceTimersByTime(1);
    expect(r.records.map((x) => [x.type, x.dsnDiag])).toEqual([...Array(3).fill(["t", "smtp;451 later"]), ["b", "4.4.7 message expired"]]);
    expect(Date.now() - start).toBe(5_000);
  });
});

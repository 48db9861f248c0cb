import { afterEach, describe, expect, it, vi } from "vitest";
import { MtaEventBus, type MtaHandle, type QueueModeEvent } from "@/mta/index";
import type { QueueModeChangeEntry } from "../db/queue-mode-change-repository";
import { createQueueModeLog, getQueueModeLog, startQueueModeLog, type QueueModeStore } from "./queue-mode-log";

function engine(): MtaHandle {
  return { events: new MtaEventBus() } as unknown as MtaHandle;
}

function change(i: number, over: Partial<QueueModeEvent> = {}): QueueModeEvent {
  return { queue: `d${i}.test/v1`, mode: "backoff", at: 1_000 + i, reason: `421 busy ${i}`, cause: "reply", ...over };
}

function recordingStore(): QueueModeStore & { batches: QueueModeChangeEntry[][]; fail: boolean } {
  const store = {
    batches: [] as QueueModeChangeEntry[][],
    fail: false,
    async insertMany(entries: readonly QueueModeChangeEntry[]) {
      if (store.fail) throw new Error("database down");
      store.batches.push([...entries]);
      return entries.length;
    },
  };
  return store;
}

const quiet = { flushIntervalMs: 60_000, logError: () => undefined };

afterEach(() => {
  vi.useRealTimers();
});

describe("queue-mode log", () => {
  it("collects events without writing, then writes them in one batch per flush", async () => {
    const mta = engine();
    const store = recordingStore();
    const log = createQueueModeLog(mta, { ...quiet, store });
    for (let i = 0; i < 3; i++) mta.events.emit("queue-mode", change(i));
    expect(store.batches).toHaveLength(0);
    expect(log.pending()).toBe(3);
    await log.flush();
    expect(store.batches).toEqual([[0, 1, 2].map((i) => ({ queue: `d${i}.test/v1`, mode: "backoff", cause: "reply", reason: `421 busy ${i}`, at: 1_000 + i }))]);
    await log.flush();
    expect(store.batches).toHaveLength(1);
    await log.stop();
  });

  it("writes on its timer, every flushIntervalMs", async () => {
    vi.useFakeTimers();
    const mta = engine();
    const store = recordingStore();
    const log = createQueueModeLog(mta, { ...quiet, flushIntervalMs: 3_000, store });
    mta.events.emit("queue-mode", change(1));
    mta.events.emit("queue-mode", change(2, { mode: "normal", cause: "timer" }));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(store.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.batches.map((b) => b.map((e) => e.mode))).toEqual([["backoff", "normal"]]);
    await log.stop();
  });

  it("keeps a failed batch, in order, for the next write", async () => {
    const mta = engine();
    const store = recordingStore();
    const log = createQueueModeLog(mta, { ...quiet, store });
    mta.events.emit("queue-mode", change(1));
    store.fail = true;
    await log.flush();
    mta.events.emit("queue-mode", change(2));
    store.fail = false;
    await log.flush();
    expect(store.batches.map((b) => b.map((e) => e.at))).toEqual([[1_001, 1_002]]);
    await log.stop();
  });

  it("drops the oldest changes beyond maxPending and counts them", async () => {
    const mta = engine();
    const store = recordingStore();
    const log = createQueueModeLog(mta, { ...quiet, maxPending: 2, store });
    for (let i = 0; i < 5; i++) mta.events.emit("queue-mode", change(i));
    expect(log.dropped()).toBe(3);
    await log.flush();
    expect(store.batches[0].map((e) => e.at)).toEqual([1_003, 1_004]);
    await log.stop();
  });

  it("stop writes what is pending and stops listening", async () => {
    const mta = engine();
    const store = recordingStore();
    const log = createQueueModeLog(mta, { ...quiet, store });
    mta.events.emit("queue-mode", change(1));
    await log.stop();
    mta.events.emit("queue-mode", change(2));
    await log.flush();
    expect(store.batches.flat().map((e) => e.at)).toEqual([1_001]);
  });

  it("starts once per engine and process", async () => {
    const mta = engine();
    const store = recordingStore();
    const first = startQueueModeLog(mta, { ...quiet, store });
    expect(startQueueModeLog(mta, { ...quiet, store })).toBe(first);
    expect(getQueueModeLog()).toBe(first);
    mta.events.emit("queue-mode", change(1));
    await first.stop();
    expect(getQueueModeLog()).toBeNull();
    expect(store.batches.flat()).toHaveLength(1);
  });
});

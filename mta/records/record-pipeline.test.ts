import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AcctFileConfig } from "../config/types";
import type { RecordSink } from "../ports";
import { parseCsv } from "./acct-csv-format";
import type { AcctRecord } from "./acct-record";
import { MEMORY_WARNING_RECORDS, createRecordPipeline } from "./record-pipeline";
import { record, recordingLogger } from "./test-records";

const origin = { file: "test.conf", line: 1, col: 1 };
const many = (n: number) => Array.from({ length: n }, (_, i) => record({ rcpt: `r${i}@example.net`, messageId: `m${i}` }));

/** A sink that records what it accepted, fails on demand, and tracks concurrency. */
class TestSink implements RecordSink {
  accepted: AcctRecord[] = [];
  batches: number[] = [];
  failNext = 0;
  active = 0;
  maxActive = 0;
  async write(records: readonly AcctRecord[]) {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error("database unavailable");
      }
      this.batches.push(records.length);
      this.accepted.push(...records);
    } finally {
      this.active--;
    }
  }
}

describe("record pipeline → sink", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("survives a sink that fails twice: nothing lost, order kept, one batch in flight", async () => {
    const sink = new TestSink();
    sink.failNext = 2;
    const logger = recordingLogger();
    const p = createRecordPipeline({ csvFiles: [], sink, logger, batchSize: 500 });
    const input = many(1_234);
    for (const r of input) p.push(r);
    const flushed = p.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    await flushed;
    expect(sink.accepted.map((r) => r.messageId)).toEqual(input.map((r) => r.messageId));
    expect(sink.batches).toEqual([500, 500, 234]);
    expect(sink.maxActive).toBe(1);
    expect(logger.calls.filter((c) => c.level === "warn")).toHaveLength(2);
    expect(p.backlog).toBe(0);
  });

  it("does not call the sink on the caller's path, and sends a partial batch after the interval", async () => {
    const sink = new TestSink();
    const p = createRecordPipeline({ csvFiles: [], sink, logger: recordingLogger(), flushIntervalMs: 250 });
    p.push(record());
    expect(sink.active).toBe(0);
    await vi.advanceTimersByTimeAsync(249);
    expect(sink.active + sink.accepted.length).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.accepted).toHaveLength(1);
  });

  it("sends a full batch without waiting for the interval", async () => {
    const sink = new TestSink();
    const p = createRecordPipeline({ csvFiles: [], sink, logger: recordingLogger(), batchSize: 10, flushIntervalMs: 250 });
    for (const r of many(3)) p.push(r);
    for (const r of many(7)) p.push(r);
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.batches).toEqual([10]);
  });

  it("warns above the memory bound but keeps every record", async () => {
    const stuck: RecordSink = { write: () => new Promise(() => undefined) };
    const logger = recordingLogger();
    const p = createRecordPipeline({ csvFiles: [], sink: stuck, logger });
    const r = record();
    for (let i = 0; i <= MEMORY_WARNING_RECORDS + 10; i++) p.push(r);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.backlog).toBe(MEMORY_WARNING_RECORDS + 11);
    expect(logger.calls.filter((c) => c.level === "warn")).toHaveLength(1);
  });

  it("treats a sink that throws synchronously like a rejected batch", async () => {
    let calls = 0;
    const got: AcctRecord[] = [];
    const sink: RecordSink = {
      write(records) {
        if (++calls === 1) throw new Error("sync boom");
        got.push(...records);
        return Promise.resolve();
      },
    };
    const p = createRecordPipeline({ csvFiles: [], sink, logger: recordingLogger() });
    p.push(record());
    const flushed = p.flush();
    await vi.advanceTimersByTimeAsync(5_000);
    await flushed;
    expect(got).toHaveLength(1);
  });

  it("ignores pushes after close", async () => {
    const sink = new TestSink();
    const logger = recordingLogger();
    const p = createRecordPipeline({ csvFiles: [], sink, logger });
    p.push(record());
    const closed = p.close();
    await vi.advanceTimersByTimeAsync(1_000);
    await closed;
    p.push(record());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sink.accepted).toHaveLength(1);
    expect(logger.calls.map((c) => c.level)).toEqual(["error"]);
  });
});

describe("record pipeline → CSV files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hermod-pipeline-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = (name: string, records: AcctFileConfig["records"]): AcctFileConfig => ({ path: join(dir, name), records, origin });
  const rows = async (name: string) => parseCsv(await readFile(join(dir, name), "utf8")).slice(1).map((r) => `${r[0]}:${r[4]}`);

  it("fans out by record type and flushes files and sink together", async () => {
    const sink = new TestSink();
    const p = createRecordPipeline({ csvFiles: [file("acct.csv", ["d", "b"]), file("diag.csv", ["t"])], sink, logger: recordingLogger() });
    p.push(record({ type: "d", rcpt: "a@x" }));
    p.push(record({ type: "t", rcpt: "b@x" }));
    p.push(record({ type: "b", rcpt: "c@x" }));
    await p.flush();
    expect(await rows("acct.csv")).toEqual(["d:a@x", "b:c@x"]);
    expect(await rows("diag.csv")).toEqual(["t:b@x"]);
    expect(sink.accepted.map((r) => r.rcpt)).toEqual(["a@x", "b@x", "c@x"]);
    await p.close();
  });

  it("reconfigures: drains removed files, opens new ones, updates kept ones", async () => {
    const p = createRecordPipeline({ csvFiles: [file("old.csv", ["d"]), file("kept.csv", ["d"])], logger: recordingLogger() });
    p.push(record({ type: "d", rcpt: "before@x" }));
    await p.reconfigure([file("kept.csv", ["d", "t"]), file("new.csv", ["d"])]);
    p.push(record({ type: "t", rcpt: "after-t@x" }));
    p.push(record({ type: "d", rcpt: "after-d@x" }));
    await p.close();
    expect(await rows("old.csv")).toEqual(["d:before@x"]);
    expect(await rows("kept.csv")).toEqual(["d:before@x", "t:after-t@x", "d:after-d@x"]);
    expect(await rows("new.csv")).toEqual(["d:after-d@x"]);
  });
});

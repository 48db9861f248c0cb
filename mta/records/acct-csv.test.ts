import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AcctCsvWriter } from "./acct-csv";
import { ACCT_HEADER, acctCsvLine, parseCsv } from "./acct-csv-format";
import { MemoryIo, T0, record, recordingLogger } from "./test-records";

describe("AcctCsvWriter on disk", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hermod-acct-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the header once for a new file, then appends", async () => {
    const path = join(dir, "acct.csv");
    const logger = recordingLogger();
    const first = new AcctCsvWriter({ path, records: ["d", "b"] }, { logger });
    first.write(record());
    first.write(record({ type: "b", dsnAction: "failed", rcpt: "bob@example.org" }));
    first.write(record({ type: "t", dsnAction: "delayed" }));
    await first.close();
    const second = new AcctCsvWriter({ path, records: ["d", "b"] }, { logger });
    second.write(record({ rcpt: "carl@example.net" }));
    await second.close();

    const rows = parseCsv(await readFile(path, "utf8"));
    expect(rows[0].join(",")).toBe(ACCT_HEADER);
    expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ["d", "ann@example.net"],
      ["b", "bob@example.org"],
      ["d", "carl@example.net"],
    ]);
    expect(logger.calls).toEqual([]);
  });

  it("writes the header into an existing empty file", async () => {
    const path = join(dir, "acct.csv");
    await writeFile(path, "");
    const w = new AcctCsvWriter({ path, records: ["d"] }, { logger: recordingLogger() });
    w.write(record());
    await w.flush();
    expect(await readFile(path, "utf8")).toBe(`${ACCT_HEADER}\r\n${acctCsvLine(record())}`);
  });

  it("moves a file with other columns aside instead of mixing layouts", async () => {
    const path = join(dir, "acct.csv");
    await writeFile(path, "type,timeLogged,orig\r\nd,x,y\r\n");
    const logger = recordingLogger();
    const w = new AcctCsvWriter({ path, records: ["d"] }, { logger, clock: { now: () => T0 } });
    w.write(record());
    await w.close();
    expect(parseCsv(await readFile(path, "utf8"))[0].join(",")).toBe(ACCT_HEADER);
    expect(await readFile(join(dir, "acct-2024-05-01-1000.csv"), "utf8")).toBe("type,timeLogged,orig\r\nd,x,y\r\n");
    expect(logger.calls.map((c) => c.level)).toEqual(["warn"]);
  });

  it("logs and retries when the directory is missing, then writes everything", async () => {
    const sub = join(dir, "later");
    const path = join(sub, "acct.csv");
    const logger = recordingLogger();
    const w = new AcctCsvWriter({ path, records: ["d"] }, { logger });
    w.write(record());
    const flushed = w.flush();
    await vi.waitFor(() => expect(logger.calls.some((c) => c.level === "error")).toBe(true));
    const { mkdir } = await import("node:fs/promises");
    await mkdir(sub);
    await flushed;
    expect(await readdir(sub)).toEqual(["acct.csv"]);
    expect(parseCsv(await readFile(path, "utf8"))).toHaveLength(2);
  });
});

describe("AcctCsvWriter buffering", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("appends off the caller's path, after the flush interval", async () => {
    const io = new MemoryIo();
    const w = new AcctCsvWriter({ path: "/acct.csv", records: ["d"] }, { logger: recordingLogger(), io, flushIntervalMs: 200 });
    w.write(record());
    w.write(record());
    expect(io.appends).toBe(0);
    await vi.advanceTimersByTimeAsync(199);
    expect(io.appends).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(io.appends).toBe(1));
    expect(parseCsv(io.files.get("/acct.csv") ?? "")).toHaveLength(3);
  });

  it("appends as soon as the buffer reaches its byte limit", async () => {
    const io = new MemoryIo();
    const w = new AcctCsvWriter({ path: "/acct.csv", records: ["d"] }, { logger: recordingLogger(), io, maxBufferBytes: 64 * 1024 });
    const line = Buffer.byteLength(acctCsvLine(record()));
    const n = Math.ceil((64 * 1024) / line);
    for (let i = 0; i < n; i++) w.write(record());
    expect(io.appends).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(io.appends).toBe(1);
    expect(parseCsv(io.files.get("/acct.csv") ?? "")).toHaveLength(n + 1);
  });

  const HEADER_LEN = ACCT_HEADER.length + 2;
  it.each([
    ["clean failure, then cut inside the header", [0, 40]],
    ["cut inside a row", [HEADER_LEN + 10]],
    ["cut inside the header, then inside a row", [5, HEADER_LEN + 50]],
  ])("retries without losing or duplicating a byte: %s", async (_name, failures) => {
    const io = new MemoryIo();
    io.failures = [...failures];
    const logger = recordingLogger();
    const w = new AcctCsvWriter({ path: "/acct.csv", records: ["d"] }, { logger, io });
    const rows = Array.from({ length: 3 }, (_, i) => record({ rcpt: `r${i}@example.net` }));
    for (const r of rows) w.write(r);
    const flushed = w.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await flushed;
    expect(io.files.get("/acct.csv")).toBe(`${ACCT_HEADER}\r\n${rows.map(acctCsvLine).join("")}`);
    expect(logger.calls.map((c) => c.level)).toEqual(failures.map(() => "error"));
    expect(io.appends).toBe(failures.length + 1);
  });

  it("writes only the selected record types, and follows setRecords", async () => {
    const io = new MemoryIo();
    const w = new AcctCsvWriter({ path: "/t.csv", records: ["t"] }, { logger: recordingLogger(), io });
    w.write(record({ type: "d" }));
    w.write(record({ type: "t", rcpt: "t1@example.net" }));
    w.setRecords(["d"]);
    w.write(record({ type: "t" }));
    w.write(record({ type: "d", rcpt: "d1@example.net" }));
    const done = w.flush();
    await vi.runAllTimersAsync();
    await done;
    expect(parseCsv(io.files.get("/t.csv") ?? "").slice(1).map((r) => r[4])).toEqual(["t1@example.net", "d1@example.net"]);
  });

  it("refuses writes after close and says so", async () => {
    const io = new MemoryIo();
    const logger = recordingLogger();
    const w = new AcctCsvWriter({ path: "/acct.csv", records: ["d"] }, { logger, io });
    const closed = w.close();
    await vi.runAllTimersAsync();
    await closed;
    w.write(record());
    w.write(record());
    expect(io.appends).toBe(0);
    expect(logger.calls.map((c) => c.level)).toEqual(["error"]);
  });
});

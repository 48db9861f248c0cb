import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing/test-database";
import { importUpload } from "./import-upload";

const ROWS = 1_000_000;
// A full GC before each sample, so what is measured is what the import keeps alive, not what V8 has yet to collect.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
let chunks = 0;
let liveSample = () => {};

/** A 1,000,000-row CSV generated as it is read, 64 KiB at a time (the file itself is never in memory). */
async function* millionRows(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = "email,name\n";
  for (let i = 0; i < ROWS; i++) {
    buffer += `user${i}@domain${i % 997}.test,User ${i}\n`;
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = "";
      if (++chunks % 100 === 0) liveSample();
    }
  }
  yield encoder.encode(buffer);
}

describe("a 1,000,000-row import", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("imports every row with memory bounded", async () => {
    const lists = createSuppressionListRepository(t.db);
    const entries = createSuppressionEntryRepository(t.db);
    const list = (await lists.create({ name: "million", scope: "global", scopeValue: "", hashOnly: false, autoAddBounces: false, autoAddComplaints: false, createdBy: "op" }))!;
    gc();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    // Live heap after a full GC, every 100 chunks (6.4 MB of file) as it is read.
    const liveHeaps: number[] = [];
    liveSample = () => {
      gc();
      const m = process.memoryUsage();
      liveHeaps.push(m.heapUsed);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    const started = performance.now();
    const { result } = await importUpload({ lists, entries, engine: null }, { list, fileName: "million.csv", createdBy: "op", body: millionRows() });
    const seconds = (performance.now() - started) / 1000;
    gc();
    const after = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    console.log(
      `1,000,000 rows in ${seconds.toFixed(1)} s; heapUsed ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB (live, sampled every 6.4 MB of file: ${liveHeaps.map(mb).join(", ")} MB); rss ${mb(before.rss)} → ${mb(after.rss)} MB (peak ${mb(peakRss)} MB)`,
    );
    expect(result).toMatchObject({ status: "done", rowsRead: ROWS, added: ROWS, duplicates: 0, invalid: 0 });
    expect(await t.db.suppressionEntry.count({ where: { listId: list.id } })).toBe(ROWS);
    // The file is ~40 MB and its rows as strings would be far more: the import holds one batch.
    expect(peakHeap - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  }, 600_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing/test-database";
import { importUpload } from "./import-upload";

const ROWS = 1_000_000;

/** A 1,000,000-row CSV generated as it is read, 64 KiB at a time (the file itself is never in memory). */
async function* millionRows(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = "email,name\n";
  for (let i = 0; i < ROWS; i++) {
    buffer += `user${i}@domain${i % 997}.test,User ${i}\n`;
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = "";
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
    global.gc?.();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 100);
    const started = performance.now();
    const { result } = await importUpload({ lists, entries, engine: null }, { list, fileName: "million.csv", createdBy: "op", body: millionRows() });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    global.gc?.();
    const after = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    console.log(
      `1,000,000 rows in ${seconds.toFixed(1)} s; heapUsed ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB (peak ${mb(peakHeap)} MB); rss ${mb(before.rss)} → ${mb(after.rss)} MB (peak ${mb(peakRss)} MB)`,
    );
    expect(result).toMatchObject({ status: "done", rowsRead: ROWS, added: ROWS, duplicates: 0, invalid: 0 });
    expect(await t.db.suppressionEntry.count({ where: { listId: list.id } })).toBe(ROWS);
    // The file is ~40 MB and its rows as strings would be far more: the import holds one batch.
    expect(peakHeap - before.heapUsed).toBeLessThan(120 * 1024 * 1024);
  }, 600_000);
});

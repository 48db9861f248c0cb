/**
 * A suppression-list import of R rows (default 1,000,000) into a fresh SQLite database, measuring time
 * and what the import keeps alive: the CSV is generated as it is read, 64 KiB at a time (the file is
 * never in memory), and the live heap is sampled after a full GC every `sampleEvery` chunks.
 * `npm run bench -- --suppression-import [--import-rows R]` prints it; the unit test
 * (lib/services/suppression/import-bounded.test.ts) runs a smaller file through the same code.
 */

import v8 from "node:v8";
import vm from "node:vm";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase } from "@/lib/db/testing/test-database";
import type { SuppressionImportDto } from "@/lib/db/suppression-list-repository";
import { importUpload } from "@/lib/services/suppression/import-upload";

export interface ImportMeasure {
  rows: number;
  seconds: number;
  result: SuppressionImportDto;
  /** Rows in the list afterwards, counted in the database. */
  stored: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
  /** Live heap (after a full GC) while the file was being read. */
  liveHeapsMiB: number[];
  /** The same samples in bytes. */
  liveHeaps: number[];
  /** The most the live heap grew over its starting point, in bytes. */
  peakHeapGrowth: number;
  peakRssMiB: number;
}

/** A full GC before each sample, so what is measured is what the import keeps alive. */
function fullGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

async function* csvRows(rows: number, sampleEvery: number, sample: () => void): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = "email,name\n";
  let chunks = 0;
  for (let i = 0; i < rows; i++) {
    buffer += `user${i}@domain${i % 997}.test,User ${i}\n`;
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = "";
      if (++chunks % sampleEvery === 0) sample();
    }
  }
  yield encoder.encode(buffer);
}

/** `sampleEvery`: chunks of 64 KiB between live-heap samples. */
export async function measureImport(rows: number, sampleEvery = 100): Promise<ImportMeasure> {
  const gc = fullGc();
  const t = await createTestDatabase("sqlite");
  try {
    const lists = createSuppressionListRepository(t.db);
    const entries = createSuppressionEntryRepository(t.db);
    const create = async (name: string) => (await lists.create({ name, scope: "global", scopeValue: "", hashOnly: false, autoAddBounces: false, autoAddComplaints: false, createdBy: "bench" }))!;
    // Warm-up: the first import loads and compiles the database client's query paths (tens of MiB
    // that stay), which is not what the import keeps per row.
    const warm = await create("warm-up");
    await importUpload({ lists, entries, engine: null }, { list: warm, fileName: "warm.csv", createdBy: "bench", body: csvRows(20_000, sampleEvery, () => undefined) });
    const list = await create("bench");
    gc();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const liveHeaps: number[] = [];
    const sample = () => {
      gc();
      const m = process.memoryUsage();
      liveHeaps.push(m.heapUsed);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    const started = performance.now();
    const { result } = await importUpload({ lists, entries, engine: null }, { list, fileName: "bench.csv", createdBy: "bench", body: csvRows(rows, sampleEvery, sample) });
    const seconds = (performance.now() - started) / 1000;
    gc();
    const after = process.memoryUsage();
    const mib = (n: number) => Math.round(n / 1024 / 1024);
    const stored = await t.db.suppressionEntry.count({ where: { listId: list.id } });
    return {
      rows,
      seconds,
      result,
      stored,
      heapBeforeMiB: mib(before.heapUsed),
      heapAfterMiB: mib(after.heapUsed),
      liveHeapsMiB: liveHeaps.map(mib),
      liveHeaps,
      peakHeapGrowth: peakHeap - before.heapUsed,
      peakRssMiB: mib(peakRss),
    };
  } finally {
    await t.cleanup();
  }
}

export function importSummary(m: ImportMeasure): string {
  return (
    `${m.rows.toLocaleString("en-US")} rows in ${m.seconds.toFixed(1)} s (${Math.round(m.rows / m.seconds).toLocaleString("en-US")} rows/s); ` +
    `live heap ${m.heapBeforeMiB} → ${m.heapAfterMiB} MiB, sampled while reading: ${m.liveHeapsMiB.join(", ")} MiB; ` +
    `peak growth ${(m.peakHeapGrowth / 1024 / 1024).toFixed(1)} MiB; peak RSS ${m.peakRssMiB} MiB`
  );
}

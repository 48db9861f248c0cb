import { describe, expect, it } from "vitest";
import { importSummary, measureImport } from "../../../bench/suppression-import";

/**
 * The import streams: what it keeps alive does not grow with the file. 250,000 rows (a 10 MB CSV),
 * the live heap sampled after a full GC every 640 KB read. The database client's caches fill during
 * the first few MB (to ~80 MiB here, whatever the file's size); from a third of the file on, the heap
 * must stay flat (within 6 MiB): holding the parsed rows read since adds about 16 MiB. The
 * 1,000,000-row figure is `npm run bench -- --suppression-import`.
 */
describe("a large import", () => {
  it("imports every row while the live heap stays flat", async () => {
    const rows = 250_000;
    const m = await measureImport(rows, 10);
    console.log(importSummary(m));
    expect(m.result).toMatchObject({ status: "done", rowsRead: rows, added: rows, duplicates: 0, invalid: 0 });
    expect(m.stored).toBe(rows);
    expect(m.liveHeaps.length).toBeGreaterThan(10);
    const warm = Math.floor(m.liveHeaps.length / 3);
    const later = m.liveHeaps.slice(warm);
    expect(Math.max(...later) - m.liveHeaps[warm]).toBeLessThan(6 * 1024 * 1024);
  }, 300_000);
});

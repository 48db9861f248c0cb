import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createSpoolIdGenerator, SPOOL_ID_LENGTH, SPOOL_ID_PATTERN, spoolIdTime } from "./spool-id";

describe("spool ids", () => {
  it("are fixed-width [0-9a-z] and strictly increasing, whatever the clock does", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 200 }), (times) => {
        let i = 0;
        const next = createSpoolIdGenerator({ now: () => times[Math.min(i++, times.length - 1)] });
        let previous = "";
        for (let k = 0; k < times.length + 5; k++) {
          const id = next();
          expect(id).toMatch(SPOOL_ID_PATTERN);
          expect(id).toHaveLength(SPOOL_ID_LENGTH);
          expect(id > previous).toBe(true);
          previous = id;
        }
      }),
    );
  });

  it("sort by reception time across processes", () => {
    const a = createSpoolIdGenerator({ now: () => 1_700_000_000_000 })();
    const b = createSpoolIdGenerator({ now: () => 1_700_000_000_001 })();
    expect(a < b).toBe(true);
    expect(spoolIdTime(a)).toBe(1_700_000_000_000);
  });

  it("differ across restarts at the same millisecond through the random part", () => {
    const clock = { now: () => 1_700_000_000_000 };
    const first = createSpoolIdGenerator(clock, () => 1)();
    const second = createSpoolIdGenerator(clock, () => 2)();
    expect(first).not.toBe(second);
    expect(first.slice(0, 14)).toBe(second.slice(0, 14));
  });

  it("stay unique for a burst beyond the per-millisecond counter", () => {
    const next = createSpoolIdGenerator({ now: () => 5 }, () => 0);
    const seen = new Set<string>();
    let previous = "";
    for (let i = 0; i < 36 ** 4 + 10; i++) {
      const id = next();
      if (id <= previous) throw new Error(`not increasing at ${i}`);
      previous = id;
      if (i > 36 ** 4 - 5) seen.add(id);
    }
    expect(seen.size).toBe(14);
  });
});

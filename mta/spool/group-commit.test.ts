import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createGroupCommit } from "./group-commit";

const turn = () => new Promise<void>((r) => setImmediate(r));

describe("group commit", () => {
  it("covers each request with a run that started after it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 40 }),
        fc.nat({ max: 3 }),
        async (gaps, runTurns) => {
          let clock = 0;
          const runStarts: number[] = [];
          const gc = createGroupCommit(async () => {
            runStarts.push(++clock);
            for (let i = 0; i < runTurns; i++) await turn();
          });
          const checks: Promise<void>[] = [];
          for (const gap of gaps) {
            for (let i = 0; i < gap; i++) await turn();
            const requestedAt = ++clock;
            const before = runStarts.length;
            checks.push(
              gc.request().then(() => {
                // Some run after the request was made must have started.
                expect(runStarts.slice(before).some((t) => t > requestedAt)).toBe(true);
              }),
            );
          }
          await Promise.all(checks);
          expect(gc.runs).toBeLessThanOrEqual(gaps.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("batches concurrent requests: N waiters while a run is busy cost one more run", async () => {
    let release!: () => void;
    let runs = 0;
    const gc = createGroupCommit(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    const first = gc.request();
    await turn();
    const rest = Array.from({ length: 50 }, () => gc.request());
    release();
    await Promise.all([first, ...rest]);
    expect(runs).toBe(2);
  });

  it("never overlaps runs", async () => {
    let active = 0;
    let maxActive = 0;
    const gc = createGroupCommit(async () => {
      maxActive = Math.max(maxActive, ++active);
      await turn();
      active--;
    });
    await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      for (let k = 0; k < i % 5; k++) await turn();
      await gc.request();
    }));
    expect(maxActive).toBe(1);
  });

  it("rejects the waiters of a failed run only, and recovers", async () => {
    let fail = true;
    const gc = createGroupCommit(async () => {
      if (fail) throw new Error("EIO");
    });
    await expect(gc.request()).rejects.toThrow("EIO");
    fail = false;
    await expect(gc.request()).resolves.toBeUndefined();
    await expect(gc.idle()).resolves.toBeUndefined();
  });

  it("idle() waits for the queued run too", async () => {
    const done: number[] = [];
    const gc = createGroupCommit(async () => {
      await turn();
      done.push(done.length);
    });
    void gc.request();
    await turn();
    void gc.request();
    await gc.idle();
    expect(done).toEqual([0, 1]);
  });
});

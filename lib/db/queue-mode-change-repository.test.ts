import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_MODE_INSERT_CHUNK, createQueueModeChangeRepository } from "./queue-mode-change-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

describe.each(testProviders())("queue mode changes on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("writes batches larger than a chunk and reads one queue's changes newest first", async () => {
    const repo = createQueueModeChangeRepository(t.db);
    const n = QUEUE_MODE_INSERT_CHUNK + 10;
    const entries = Array.from({ length: n }, (_, i) => ({
      queue: i % 2 === 0 ? "a.test/v1" : "b.test/v1",
      mode: (i % 4 < 2 ? "backoff" : "normal") as "backoff" | "normal",
      cause: "reply" as const,
      reason: `reply ${i}`,
      at: 1_700_000_000_000 + i * 1_000,
    }));
    expect(await repo.insertMany(entries)).toBe(n);
    const rows = await repo.ofQueue("a.test/v1", 3);
    expect(rows.map((r) => r.reason)).toEqual([`reply ${n - 2}`, `reply ${n - 4}`, `reply ${n - 6}`]);
    expect(rows[0]).toMatchObject({ queue: "a.test/v1", mode: "backoff", cause: "reply", at: 1_700_000_000_000 + (n - 2) * 1_000 });
    expect(await repo.ofQueue("c.test/v1", 3)).toEqual([]);
  });
});

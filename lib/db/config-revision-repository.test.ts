import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfigRevisionRepository } from "./config-revision-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

describe.each(testProviders())("config revision repository on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("appends revisions in order, each diffed against the one stored before it", async () => {
    const revisions = createConfigRevisionRepository(t.db);
    expect(await revisions.latest()).toBeNull();
    const seen: (number | null)[] = [];
    const diff = (before: { id: number; text: string } | null, after: string) => {
      seen.push(before?.id ?? null);
      return `${before?.text ?? "∅"}→${after}`;
    };
    const [first] = await revisions.append([{ text: "a", author: "system", comment: "at first start", origin: "file" }], diff);
    const [second, third] = await revisions.append(
      [
        { text: "b", author: "system", comment: "edited on disk", origin: "file" },
        { text: "c", author: "alice", comment: "more connections", origin: "console" },
      ],
      diff,
    );
    expect(seen).toEqual([null, first.id, second.id]);
    expect(third.id).toBeGreaterThan(second.id);
    expect(second.id).toBeGreaterThan(first.id);
    expect(third).toMatchObject({ author: "alice", comment: "more connections", origin: "console" });
    expect(third.createdAt).toBeInstanceOf(Date);

    expect(await revisions.latest()).toMatchObject({ id: third.id, text: "c", diff: "b→c" });
    expect(await revisions.findById(first.id)).toMatchObject({ text: "a", diff: "∅→a", origin: "file" });
    expect(await revisions.findById(999_999)).toBeNull();
    expect(await revisions.count()).toBe(3);
  });

  it("lists newest first, without texts, and pages back", async () => {
    const revisions = createConfigRevisionRepository(t.db);
    const all = await revisions.list({ limit: 10 });
    expect(all.map((r) => r.comment)).toEqual(["more connections", "edited on disk", "at first start"]);
    expect(all[0]).not.toHaveProperty("text");
    expect(all[0].diff).toBe("b→c");
    const older = await revisions.list({ limit: 10, beforeId: all[1].id });
    expect(older.map((r) => r.id)).toEqual([all[2].id]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSuppressionEntryRepository } from "./suppression-entry-repository";
import { createSuppressionListRepository } from "./suppression-list-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

describe.each(testProviders())("suppression repositories on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const newList = (name: string) => ({ name, scope: "global" as const, scopeValue: "", hashOnly: false, autoAddBounces: true, autoAddComplaints: false, createdBy: "alice" });

  it("creates lists with unique names and deletes them with their entries", async () => {
    const lists = createSuppressionListRepository(t.db);
    const entries = createSuppressionEntryRepository(t.db);
    const a = (await lists.create(newList("optouts")))!;
    expect(a).toMatchObject({ name: "optouts", scope: "global", autoAddBounces: true, entryCount: 0 });
    expect(await lists.create(newList("optouts"))).toBeNull();
    expect(await lists.autoAdding("bounces")).toEqual([expect.objectContaining({ id: a.id })]);
    expect(await lists.autoAdding("complaints")).toEqual([]);
    await entries.insertMany(a.id, [{ kind: "address", value: "x@y.test" }], "upload");
    expect(await lists.delete(a.id)).toBe(true);
    expect(await lists.delete(a.id)).toBe(false);
    expect(await t.db.suppressionEntry.count({ where: { listId: a.id } })).toBe(0);
  });

  it("inserts in batches, merging duplicates within a batch and with what is stored", async () => {
    const lists = createSuppressionListRepository(t.db);
    const entries = createSuppressionEntryRepository(t.db);
    const list = (await lists.create(newList("bulk")))!;
    const values = Array.from({ length: 2_500 }, (_, i) => ({ kind: "address" as const, value: `u${i}@bulk.test` }));
    expect(await entries.insertMany(list.id, [...values, values[0], values[1]], "upload")).toBe(2_500);
    expect(await entries.insertMany(list.id, [values[5], { kind: "domain", value: "bulk.test" }], "console")).toBe(1);
    expect(await lists.recount(list.id)).toBe(2_501);
    expect((await lists.get(list.id))?.entryCount).toBe(2_501);
    const pages = [];
    for await (const page of entries.pages(list.id, 1_000)) pages.push(page.length);
    expect(pages).toEqual([1_000, 1_000, 501]);
    const found = await entries.findValues([{ kind: "address", value: "u7@bulk.test" }, { kind: "domain", value: "bulk.test" }]);
    expect(found.map((e) => `${e.kind}:${e.value}:${e.origin}`)).toEqual(["address:u7@bulk.test:upload", "domain:bulk.test:console"]);
    expect(found[0].addedAt).toBeInstanceOf(Date);
    expect(await entries.deleteValues(list.id, [{ kind: "address", value: "u7@bulk.test" }, { kind: "address", value: "absent@bulk.test" }])).toBe(1);
    expect(await entries.findValues([{ kind: "address", value: "u7@bulk.test" }])).toEqual([]);
  });

  it("keeps import progress and the first row errors", async () => {
    const lists = createSuppressionListRepository(t.db);
    const list = (await lists.create(newList("imports")))!;
    const id = await lists.startImport({ listId: list.id, fileName: "a.csv", createdBy: "alice" });
    await lists.importProgress(id, { rowsRead: 10, added: 8, duplicates: 1, invalid: 1 });
    expect(await lists.getImport(id)).toMatchObject({ status: "running", rowsRead: 10, added: 8, finishedAt: null });
    const at = new Date();
    await lists.finishImport(id, { rowsRead: 12, added: 9, duplicates: 1, invalid: 2, status: "done", errors: [{ line: 3, text: "nope", reason: "bad" }], message: "", at });
    const [done] = await lists.recentImports(list.id);
    expect(done).toMatchObject({ id, status: "done", rowsRead: 12, invalid: 2, errors: [{ line: 3, text: "nope", reason: "bad" }] });
    expect(done.finishedAt?.getTime()).toBe(at.getTime());
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SuppressionValue } from "@/mta/index";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing/test-database";
import { sha256Hex } from "@/lib/suppression/parse-entry";
import { importUpload } from "./import-upload";

async function* body(text: string, chunkSize = 7): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
}

describe("importUpload", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const setup = async (name: string, hashOnly = false) => {
    const lists = createSuppressionListRepository(t.db);
    const entries = createSuppressionEntryRepository(t.db);
    const list = (await lists.create({ name, scope: "global", scopeValue: "", hashOnly, autoAddBounces: false, autoAddComplaints: false, createdBy: "op" }))!;
    const sent: SuppressionValue[][] = [];
    const engine = { setSuppressionLists: async () => {}, addSuppressionEntries: async (_: number, v: SuppressionValue[]) => (sent.push(v), v.length), removeSuppressionEntries: async () => 0 };
    return { lists, entries, list, engine, sent };
  };

  it("skips the header, reports malformed rows with line numbers, merges duplicates and sends the batch to the engine", async () => {
    const { lists, entries, list, engine, sent } = await setup("csv");
    const csv = ["email,name", "a@x.test,A", "", "B@X.test,B", "not-valid,C", sha256Hex("c@x.test"), "a@x.test,again", "@x.org", "bob@", ""].join("\r\n");
    const { result, httpStatus } = await importUpload({ lists, entries, engine }, { list, fileName: "l.csv", createdBy: "op", body: body(csv) });
    expect(httpStatus).toBe(200);
    expect(result).toMatchObject({ status: "done", rowsRead: 7, added: 4, duplicates: 1, invalid: 2, fileName: "l.csv" });
    expect(result.errors).toEqual([
      { line: 5, text: "not-valid,C", reason: "not an address, a domain, a SHA-256 or an MD5" },
      { line: 9, text: "bob@", reason: "not a valid email address" },
    ]);
    expect(sent.flat().map((v) => v.kind)).toEqual(["address", "address", "sha256", "domain"]);
    expect((await lists.get(list.id))?.entryCount).toBe(4);
    // A second upload of the same rows adds nothing: every row is a duplicate.
    const again = await importUpload({ lists, entries, engine }, { list, fileName: "l.csv", createdBy: "op", body: body(csv) });
    expect(again.result).toMatchObject({ added: 0, duplicates: 5, invalid: 2 });
  });

  it("keeps only hashes in a hash-only list", async () => {
    const { lists, entries, list, engine } = await setup("hashed", true);
    await importUpload({ lists, entries, engine }, { list, fileName: "l.txt", createdBy: "op", body: body("Bob@Example.com\n") });
    const stored = await t.db.suppressionEntry.findMany({ where: { listId: list.id } });
    expect(stored.map((e) => [e.kind, e.value])).toEqual([["sha256", sha256Hex("bob@example.com")]]);
  });

  it("fails a binary or oversized upload with the reason and its HTTP status", async () => {
    const { lists, entries, list, engine } = await setup("bad");
    async function* zip() {
      yield new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]);
    }
    const binary = await importUpload({ lists, entries, engine }, { list, fileName: "l.zip", createdBy: "op", body: zip() });
    expect(binary.httpStatus).toBe(400);
    expect(binary.result).toMatchObject({ status: "failed", message: expect.stringContaining("not a text file") });
    const big = await importUpload({ lists, entries, engine }, { list, fileName: "big.txt", createdBy: "op", body: body("a@x.test\n".repeat(100), 64), maxBytes: 300 });
    expect(big.httpStatus).toBe(413);
    expect(big.result.finishedAt).not.toBeNull();
  });
});

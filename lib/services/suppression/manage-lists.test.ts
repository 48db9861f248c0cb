import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MtaEventBus, type AcctRecord, type MtaHandle, type SuppressionValue } from "@/mta/index";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing/test-database";
import { md5Hex, sha256Hex } from "@/lib/suppression/parse-entry";
import { addComplaint, startSuppression } from "./auto-add";
import { createSuppressionList, deleteEntries, deleteSuppressionList, exportListCsv, searchCandidates, searchEntries, uploadToList, type SuppressionDeps } from "./manage-lists";

async function* body(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

describe("suppression use cases", () => {
  let t: TestDatabase;
  let deps: SuppressionDeps;
  const audited: string[] = [];
  const engineCalls: string[] = [];
  const engine = {
    setSuppressionLists: async (lists: { name: string }[]) => void engineCalls.push(`lists:${lists.map((l) => l.name).join(",")}`),
    addSuppressionEntries: async (id: number, v: SuppressionValue[]) => (engineCalls.push(`add:${id}:${v.map((x) => x.value).join(",")}`), v.length),
    removeSuppressionEntries: async (id: number, v?: SuppressionValue[]) => (engineCalls.push(`remove:${id}:${v?.length}`), v?.length ?? 0),
  };
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    deps = {
      lists: createSuppressionListRepository(t.db),
      entries: createSuppressionEntryRepository(t.db),
      audit: { record: async (e: { action: string }) => void audited.push(e.action) },
      engine: () => engine,
    } as SuppressionDeps;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const base = { scope: "global" as const, scopeValue: "", hashOnly: false, autoAddBounces: false, autoAddComplaints: false };

  it("searches by address, finding its domain and hash entries too, and exports hashes as hashes", async () => {
    const list = await createSuppressionList("op", { ...base, name: "search" }, deps);
    expect(engineCalls.at(-1)).toBe("lists:search");
    await expect(createSuppressionList("op", { ...base, name: "search" }, deps)).rejects.toThrow(/already exists/);
    const upload = await uploadToList("op", list.id, "s.txt", body(`${sha256Hex("bob@example.com")}\n${md5Hex("bob@example.com")}\nexample.com\nalice@other.test\n`), deps);
    expect(upload?.result).toMatchObject({ added: 4, status: "done" });
    expect(searchCandidates("Bob@Example.com").map((c) => c.kind)).toEqual(["address", "domain", "sha256", "md5"]);
    expect(searchCandidates("example.com")).toEqual([{ kind: "domain", value: "example.com" }]);
    const found = await searchEntries("Bob@Example.com", undefined, deps);
    expect(found.map((e) => e.kind).sort()).toEqual(["domain", "md5", "sha256"]);
    expect(found[0].listName).toBe("search");
    await expect(searchEntries("not valid!", undefined, deps)).rejects.toThrow(/is not an address/);
    const csv = await new Response(exportListCsv((await deps.lists.get(list.id))!, deps)).text();
    expect(csv.split("\n")).toEqual(["value,kind,origin,added_at", expect.stringMatching(new RegExp(`^${sha256Hex("bob@example.com")},sha256,upload,`)), expect.stringMatching(/,md5,/), expect.stringMatching(/^example\.com,domain,/), expect.stringMatching(/^alice@other\.test,address,/), ""]);
    expect(csv).not.toContain("bob@example.com");
    expect(await deleteEntries("op", list.id, [{ kind: "domain", value: "example.com" }], deps)).toBe('1 removed from "search".');
    expect(engineCalls.at(-1)).toBe(`remove:${list.id}:1`);
    expect(await deleteSuppressionList("op", list.id, deps)).toBe("search");
    expect(audited).toEqual(["suppression.list.create", "suppression.upload", "suppression.entries.delete", "suppression.list.delete"]);
  });

  it("auto-adds hard bounces (not other categories) and complaints to the lists that ask, hashed where the list keeps only hashes", async () => {
    const bounces = await createSuppressionList("op", { ...base, name: "bounces", autoAddBounces: true }, deps);
    const hashed = await createSuppressionList("op", { ...base, name: "hashed-bounces", autoAddBounces: true, autoAddComplaints: true, hashOnly: true }, deps);
    const complaints = await createSuppressionList("op", { ...base, name: "complaints", autoAddComplaints: true }, deps);
    const events = new MtaEventBus();
    const service = startSuppression({ events, setSuppressionLists: engine.setSuppressionLists, addSuppressionEntries: engine.addSuppressionEntries } as unknown as MtaHandle, deps);
    await service.loaded;
    const b = (rcpt: string, bounceCat: string) => ({ type: "b", rcpt, bounceCat }) as AcctRecord;
    events.emit("record", b("Gone@Dst.test", "bad-mailbox"));
    events.emit("record", b("old@dst.test", "inactive-mailbox"));
    events.emit("record", b("x@nodomain.test", "bad-domain"));
    events.emit("record", b("full@dst.test", "quota-issues"));
    events.emit("record", { ...b("ok@dst.test", "bad-mailbox"), type: "d" } as AcctRecord);
    await service.stop();
    const values = async (id: number) => (await t.db.suppressionEntry.findMany({ where: { listId: id }, orderBy: { value: "asc" } })).map((e) => `${e.kind}:${e.value}:${e.origin}`);
    expect(await values(bounces.id)).toEqual(["address:gone@dst.test:bounce", "address:old@dst.test:bounce", "address:x@nodomain.test:bounce"]);
    expect(await values(hashed.id)).toEqual([sha256Hex("gone@dst.test"), sha256Hex("old@dst.test"), sha256Hex("x@nodomain.test")].sort().map((h) => `sha256:${h}:bounce`));
    expect(await values(complaints.id)).toEqual([]);
    expect(await addComplaint("Angry@Example.com", deps)).toBe(2);
    expect(await values(complaints.id)).toEqual(["address:angry@example.com:complaint"]);
    expect((await deps.lists.get(complaints.id))?.entryCount).toBe(1);
    expect(engineCalls).toContain(`add:${complaints.id}:angry@example.com`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcctRecord } from "@/mta/index";
import { createDeliveryRecordRepository } from "./delivery-record-repository";
import { RECORD_BATCH_LIMIT, createRecordSink } from "./mta-adapters";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

function record(i: number, type: AcctRecord["type"] = "d"): AcctRecord {
  return {
    type,
    timeLogged: Date.UTC(2026, 0, 1, 12, 0, i % 60),
    timeQueued: Date.UTC(2026, 0, 1, 11, 59, 0),
    orig: "sender@example.test",
    rcpt: `user${i}@dest.test`,
    orcpt: "",
    dsnAction: type === "d" ? "relayed" : type === "b" ? "failed" : "delayed",
    dsnStatus: type === "d" ? "2.0.0 (success)" : "5.1.1 (bad destination mailbox address)",
    dsnDiag: "smtp;250 2.0.0 OK",
    dsnMta: "mx.dest.test (127.0.0.1)",
    bounceCat: type === "d" ? "" : "bad-mailbox",
    srcType: "smtp",
    srcMta: "client.test (127.0.0.9)",
    dlvType: "smtp",
    dlvSourceIp: "127.0.0.2",
    dlvDestinationIp: "127.0.0.1",
    dlvEsmtpAvailable: "PIPELINING,8BITMIME",
    dlvSize: 2110 + i,
    vmta: "vmta1",
    jobId: "job-1",
    envId: "",
    queue: "dest.test/vmta1",
    vmtaPool: "",
    dlvTlsProtocol: "TLSv1.3",
    dlvTlsCipher: "TLS_AES_256_GCM_SHA384",
    messageId: `msg${i}`,
  };
}

describe.each(testProviders())("delivery records on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("round-trips every AcctRecord field, times included", async () => {
    const repo = createDeliveryRecordRepository(t.db);
    const original = record(7, "b");
    expect(await repo.insertMany([original])).toBe(1);
    const [stored] = await repo.recent({ limit: 1 });
    const { id, ...fields } = stored;
    expect(id).toBeGreaterThan(0);
    expect(fields).toEqual(original);
  });

  it("the record sink writes batches larger than one chunk completely", async () => {
    const repo = createDeliveryRecordRepository(t.db);
    const before = await repo.count();
    const batch = Array.from({ length: RECORD_BATCH_LIMIT + 20 }, (_, i) => record(i, i % 3 === 0 ? "t" : "d"));
    await createRecordSink(repo).write(batch);
    expect(await repo.count()).toBe(before + batch.length);
    expect((await repo.recent({ limit: 1000, type: "t" })).length).toBe(batch.filter((r) => r.type === "t").length);
  });

  describe("search", () => {
    let s: TestDatabase;
    const at = (minute: number) => Date.UTC(2026, 1, 1, 10, minute);
    beforeAll(async () => {
      s = await createTestDatabase(provider);
      const repo = createDeliveryRecordRepository(s.db);
      const rows: AcctRecord[] = [
        { ...record(1, "d"), rcpt: "ann@a.test", queue: "a.test/v1", vmta: "v1", timeLogged: at(1), messageId: "m1" },
        { ...record(2, "t"), rcpt: "bob@a.test", queue: "a.test/v2", vmta: "v2", timeLogged: at(2), messageId: "m2", bounceCat: "policy-related" },
        { ...record(3, "d"), rcpt: "bob@a.test", queue: "a.test/v2", vmta: "v2", timeLogged: at(3), messageId: "m2" },
        // a.test.example and a.testing share a prefix with a.test but are other domains.
        { ...record(4, "b"), rcpt: "cy@a.test.example", queue: "a.test.example/v1", timeLogged: at(4), messageId: "m3", jobId: "job-2", bounceCat: "spam-related" },
        { ...record(5, "d"), rcpt: "di@a.testing", queue: "a.testing/v1", timeLogged: at(5), messageId: "m4", orig: "other@example.test" },
        { ...record(6, "b"), rcpt: "ed@a.test", queue: "a.test/{default}", vmta: "", timeLogged: at(6), messageId: "m5", bounceCat: "bad-mailbox" },
      ];
      await repo.insertMany(rows);
    });
    afterAll(async () => {
      await s?.cleanup();
    });
    const rcpts = (rows: { rcpt: string }[]) => rows.map((r) => r.rcpt);

    it("returns the newest first, a keyset page at a time", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      const first = await repo.search({}, { limit: 4 });
      expect(rcpts(first)).toEqual(["ed@a.test", "di@a.testing", "cy@a.test.example", "bob@a.test"]);
      const next = await repo.search({}, { limit: 4, beforeId: first.at(-1)!.id });
      expect(rcpts(next)).toEqual(["bob@a.test", "ann@a.test"]);
      expect(next.map((r) => r.type)).toEqual(["t", "d"]);
    });

    it("matches a recipient domain by its queues, not by other domains sharing the prefix", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      expect(rcpts(await repo.search({ domain: "a.test" }, { limit: 100 }))).toEqual(["ed@a.test", "bob@a.test", "bob@a.test", "ann@a.test"]);
      expect(rcpts(await repo.search({ domain: "a.testing" }, { limit: 100 }))).toEqual(["di@a.testing"]);
      // Pages merged over the domain's queues keep the keyset order.
      const first = await repo.search({ domain: "a.test" }, { limit: 2 });
      expect(rcpts(first)).toEqual(["ed@a.test", "bob@a.test"]);
      expect(rcpts(await repo.search({ domain: "a.test" }, { limit: 2, beforeId: first[1].id }))).toEqual(["bob@a.test", "ann@a.test"]);
      expect(await repo.search({ domain: "none.test" }, { limit: 2 })).toEqual([]);
    });

    it("searches a domain with more queues than it walks one by one", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      await repo.insertMany(Array.from({ length: 70 }, (_, i) => ({ ...record(100 + i), rcpt: `u${i}@many.test`, queue: `many.test/v${i}`, vmta: `v${i}` })));
      const rows = await repo.search({ domain: "many.test" }, { limit: 3 });
      expect(rcpts(rows)).toEqual(["u69@many.test", "u68@many.test", "u67@many.test"]);
      expect((await repo.search({ domain: "many.test" }, { limit: 100 })).length).toBe(70);
    });

    it("combines filters: type, recipient, sender, job, VMTA, category, queue and time range", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      expect(rcpts(await repo.search({ types: ["b", "t"] }, { limit: 100 }))).toEqual(["ed@a.test", "cy@a.test.example", "bob@a.test"]);
      expect((await repo.search({ rcpt: "bob@a.test", types: ["d"] }, { limit: 100 })).map((r) => r.timeLogged)).toEqual([at(3)]);
      expect(rcpts(await repo.search({ orig: "other@example.test" }, { limit: 100 }))).toEqual(["di@a.testing"]);
      expect(rcpts(await repo.search({ jobId: "job-2" }, { limit: 100 }))).toEqual(["cy@a.test.example"]);
      expect(rcpts(await repo.search({ vmta: "v2", domain: "a.test" }, { limit: 100 }))).toEqual(["bob@a.test", "bob@a.test"]);
      expect(rcpts(await repo.search({ bounceCat: "bad-mailbox" }, { limit: 100 }))).toEqual(["ed@a.test"]);
      expect(rcpts(await repo.search({ queue: "a.test/v1" }, { limit: 100 }))).toEqual(["ann@a.test"]);
      expect(rcpts(await repo.search({ from: at(2), to: at(4) }, { limit: 100 }))).toEqual(["bob@a.test", "bob@a.test"]);
      expect(await repo.search({ rcpt: "nobody@a.test" }, { limit: 100 })).toEqual([]);
    });

    it("keeps the planner's statistics: sqlite_stat1 on SQLite, nothing to do on PostgreSQL", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      await repo.analyze();
      if (provider === "sqlite") {
        const rows = await s.db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'DeliveryRecord'`);
        expect(Number(rows[0].n)).toBeGreaterThan(0);
      }
      expect((await repo.search({ domain: "a.test" }, { limit: 1 })).length).toBe(1);
    });

    it("gives one message's records oldest first", async () => {
      const repo = createDeliveryRecordRepository(s.db);
      const rows = await repo.ofMessage("m2", 100);
      expect(rows.map((r) => [r.type, r.timeLogged])).toEqual([["t", at(2)], ["d", at(3)]]);
      expect(await repo.ofMessage("nope", 100)).toEqual([]);
    });
  });
});

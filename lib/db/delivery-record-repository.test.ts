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
});

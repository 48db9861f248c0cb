import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complaintRecord } from "@/mta/testing/feedback-records";
import { createFeedbackRecordRepository } from "./feedback-record-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

describe.each(testProviders())("feedback records on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("stores a batch and reads it back newest first with filters, paging and counts per feedback type", async () => {
    const repo = createFeedbackRecordRepository(t.db);
    const at = (h: number) => Date.UTC(2026, 10, 27, h);
    expect(
      await repo.insertMany([
        complaintRecord({ timeLogged: at(8), rcpt: "a@isp.test" }),
        complaintRecord({ timeLogged: at(9), rcpt: "b@isp.test", feedbackType: "fraud", headers: { header_Subject: "Ünïcode, \"quoted\"" } }),
        complaintRecord({ timeLogged: at(10), type: "rb", format: "dsn", feedbackType: "", rcpt: "c@remote.test", bounceCat: "bad-mailbox" }),
        complaintRecord({ timeLogged: at(11), type: "rs", format: "dsn", feedbackType: "", rcpt: "d@remote.test", dsnAction: "delayed" }),
      ]),
    ).toBe(4);
    expect(await repo.insertMany([])).toBe(0);
    const all = await repo.list({}, { limit: 10 });
    expect(all.map((r) => r.rcpt)).toEqual(["d@remote.test", "c@remote.test", "b@isp.test", "a@isp.test"]);
    expect(all[0].headers).toEqual({ "header_X-job": "spring-sale", header_Subject: "Spring, sale", dsnAction: "delayed" });
    expect(all[2].headers).toEqual({ header_Subject: "Ünïcode, \"quoted\"" });
    expect(all[2].timeLogged).toEqual(new Date(at(9)));
    expect((await repo.list({ types: ["rb", "rs"] }, { limit: 10 })).map((r) => r.type)).toEqual(["rs", "rb"]);
    expect((await repo.list({ from: at(9), to: at(11) }, { limit: 10 })).map((r) => r.rcpt)).toEqual(["c@remote.test", "b@isp.test"]);
    expect((await repo.list({ rcpt: "A@ISP.test" }, { limit: 10 })).map((r) => r.rcpt)).toEqual(["a@isp.test"]);
    expect((await repo.list({}, { limit: 2, before: all[1].id })).map((r) => r.rcpt)).toEqual(["b@isp.test", "a@isp.test"]);
    expect(await repo.countsByFeedbackType({})).toEqual([
      { feedbackType: "abuse", count: 1 },
      { feedbackType: "fraud", count: 1 },
    ]);
    expect(await repo.countsByFeedbackType({ from: at(9) })).toEqual([{ feedbackType: "fraud", count: 1 }]);
  });
});

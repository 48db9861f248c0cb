import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MtaEventBus, type MtaHandle, type SuppressionValue } from "@/mta/index";
import { createFeedbackRecordRepository } from "@/lib/db/feedback-record-repository";
import { createSuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { createSuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { createTestDatabase, type TestDatabase } from "@/lib/db/testing/test-database";
import type { SuppressionDeps } from "@/lib/services/suppression/manage-lists";
import { COMPLAINTS_LIST, startFeedback } from "./feedback-service";
import { complaintRecord } from "@/mta/testing/feedback-records";


describe("feedback service", () => {
  let t: TestDatabase;
  let deps: SuppressionDeps;
  const audited: string[] = [];
  const added: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    deps = {
      lists: createSuppressionListRepository(t.db),
      entries: createSuppressionEntryRepository(t.db),
      audit: { record: async (e: { actor: string; action: string; target: string }) => void audited.push(`${e.actor} ${e.action} ${e.target}`) },
      engine: () => ({
        setSuppressionLists: async () => undefined,
        addSuppressionEntries: async (_id: number, v: SuppressionValue[]) => (added.push(...v.map((x) => x.value)), v.length),
        removeSuppressionEntries: async () => 0,
      }),
    } as unknown as SuppressionDeps;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("stores f/rb/rs records in batches and suppresses complainants in a 'complaints' list it creates on first use", async () => {
    const events = new MtaEventBus();
    const repo = createFeedbackRecordRepository(t.db);
    const service = startFeedback({ events } as Pick<MtaHandle, "events">, { records: repo, suppression: deps });
    events.emit("feedback", complaintRecord({ rcpt: "Alice@isp.test" }));
    events.emit("feedback", complaintRecord({ rcpt: "bob@isp.test", feedbackType: "fraud" }));
    events.emit("feedback", complaintRecord({ type: "rb", format: "dsn", feedbackType: "", rcpt: "frank@remote.test", dsnStatus: "5.1.1 (bad destination mailbox address)", bounceCat: "bad-mailbox" }));
    events.emit("feedback", complaintRecord({ type: "rs", format: "dsn", feedbackType: "", rcpt: "gina@remote.test", dsnAction: "delayed" }));
    await service.flush();

    const rows = await repo.list({}, { limit: 10 });
    expect(rows.map((r) => [r.type, r.rcpt])).toEqual([
      ["rs", "gina@remote.test"],
      ["rb", "frank@remote.test"],
      ["f", "bob@isp.test"],
      ["f", "Alice@isp.test"],
    ]);
    expect(rows[0].headers).toMatchObject({ dsnAction: "delayed", "header_X-job": "spring-sale" });
    expect(await repo.list({ types: ["f"], rcpt: "alice@isp.test" }, { limit: 10 })).toHaveLength(0);
    expect(await repo.list({ types: ["f"], rcpt: "Alice@isp.test" }, { limit: 10 })).toHaveLength(1);
    expect(await repo.list({ feedbackType: "fraud" }, { limit: 10 })).toHaveLength(1);
    expect((await repo.list({}, { limit: 2, before: rows[1].id })).map((r) => r.rcpt)).toEqual(["bob@isp.test", "Alice@isp.test"]);
    expect(await repo.list({ from: Date.parse("2026-11-28T00:00:00Z") }, { limit: 10 })).toEqual([]);
    expect(await createFeedbackRecordRepository(t.db).countsByFeedbackType({})).toEqual([
      { feedbackType: "abuse", count: 1 },
      { feedbackType: "fraud", count: 1 },
    ]);

    const list = (await deps.lists.findByName(COMPLAINTS_LIST))!;
    expect(list).toMatchObject({ scope: "global", autoAddComplaints: true, autoAddBounces: false });
    const entries = await t.db.suppressionEntry.findMany({ where: { listId: list.id }, orderBy: { value: "asc" } });
    expect(entries.map((e) => `${e.value}:${e.origin}`)).toEqual(["alice@isp.test:complaint", "bob@isp.test:complaint"]);
    expect(added.sort()).toEqual(["alice@isp.test", "bob@isp.test"]);
    expect(audited).toEqual([`system suppression.list.create ${COMPLAINTS_LIST}`]);

    // An operator who turns auto-add off has opted out: no second list, no new entries.
    await deps.lists.setAutoAdd(list.id, { autoAddBounces: false, autoAddComplaints: false });
    events.emit("feedback", complaintRecord({ rcpt: "carol@isp.test" }));
    await service.stop();
    expect(await t.db.suppressionEntry.count({ where: { value: "carol@isp.test" } })).toBe(0);
    expect(await t.db.suppressionList.count()).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GAVE_UP_PREFIX, createAlertRepository } from "./alert-repository";
import { createMetricBucketRepository } from "./metric-bucket-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

const T0 = new Date(Date.UTC(2026, 0, 1, 12, 0));
const MIN = 60_000;
const rule = { name: "Big queue", kind: "queue-size", threshold: 10, target: "*", channel: "webhook", destination: "http://127.0.0.1:9/hook", enabled: true };

describe.each(testProviders())("alert repository on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("creates, updates, lists and deletes rules", async () => {
    const repo = createAlertRepository(t.db);
    const created = await repo.createRule({ ...rule, createdBy: "op" });
    expect(created).toMatchObject({ ...rule, createdBy: "op" });
    const updated = await repo.updateRule(created.id, { enabled: false, threshold: 5 });
    expect(updated).toMatchObject({ enabled: false, threshold: 5 });
    expect(await repo.updateRule(created.id + 1000, { enabled: true })).toBeNull();
    expect((await repo.listRules()).map((r) => r.id)).toContain(created.id);
    expect((await repo.enabledRules()).map((r) => r.id)).not.toContain(created.id);
    expect(await repo.deleteRule(created.id, T0)).toBe(true);
    expect(await repo.deleteRule(created.id, T0)).toBe(false);
    expect(await repo.getRule(created.id)).toBeNull();
  });

  it("opens, resolves and counts alerts; deleting a rule resolves its open alerts", async () => {
    const repo = createAlertRepository(t.db);
    const r = await repo.createRule({ ...rule, createdBy: "op" });
    const a = await repo.openAlert({ ruleId: r.id, subject: "a.test/v1", message: "m", firedAt: T0, notifiedAt: null });
    const b = await repo.openAlert({ ruleId: r.id, subject: "b.test/v1", message: "m", firedAt: new Date(T0.getTime() + MIN), notifiedAt: null });
    expect(await repo.countOpen()).toBe(2);
    expect((await repo.openAlerts()).map((x) => x.subject)).toEqual(["a.test/v1", "b.test/v1"]);

    await repo.markNotified(a.id, "firing", T0);
    await repo.resolveAlerts([a.id], new Date(T0.getTime() + 2 * MIN), true);
    const [open, resolved] = await repo.recentAlerts(10);
    expect(open).toMatchObject({ id: b.id, resolvedAt: null });
    expect(resolved).toMatchObject({ id: a.id, notifiedAt: null, resolvedAt: new Date(T0.getTime() + 2 * MIN) });
    expect(await repo.countOpen()).toBe(1);
    await repo.markNotified(a.id, "firing", T0);
    expect((await repo.recentAlerts(10))[1]).toMatchObject({ id: a.id, notifiedAt: null });

    await repo.deleteRule(r.id, new Date(T0.getTime() + 3 * MIN));
    expect(await repo.countOpen()).toBe(0);
    expect((await repo.recentAlerts(10)).find((x) => x.id === b.id)?.resolvedAt).toEqual(new Date(T0.getTime() + 3 * MIN));
  });

  it("lists due notifications, skipping sent ones, old ones and those it gave up on", async () => {
    const repo = createAlertRepository(t.db);
    const r = await repo.createRule({ ...rule, createdBy: "op" });
    const due = await repo.openAlert({ ruleId: r.id, subject: "due", message: "m", firedAt: T0, notifiedAt: null });
    const sent = await repo.openAlert({ ruleId: r.id, subject: "sent", message: "m", firedAt: T0, notifiedAt: T0 });
    const gaveUp = await repo.openAlert({ ruleId: r.id, subject: "gave-up", message: "m", firedAt: T0, notifiedAt: null });
    await repo.markNotifyError(gaveUp.id, "firing", `${GAVE_UP_PREFIX} after 3 attempts: boom`);
    const retrying = await repo.openAlert({ ruleId: r.id, subject: "retrying", message: "m", firedAt: T0, notifiedAt: null });
    await repo.markNotifyError(retrying.id, "firing", "timed out (attempt 1 of 3)");
    await repo.openAlert({ ruleId: r.id, subject: "old", message: "m", firedAt: new Date(T0.getTime() - 60 * MIN), notifiedAt: null });
    const ids = (await repo.dueNotifications(new Date(T0.getTime() - MIN), 10)).filter((x) => x.ruleId === r.id).map((x) => x.id);
    expect(ids).toEqual([due.id, retrying.id]);
    expect(ids).not.toContain(sent.id);
    await repo.resolveAlerts([sent.id], T0, false);
    expect((await repo.recentAlerts(50)).find((x) => x.id === sent.id)).toMatchObject({ notifiedAt: T0, resolvedAt: T0 });
    await repo.deleteRule(r.id, T0);
  });

  it("sums delivered and bounced per domain over the rollups since a time", async () => {
    const repo = createAlertRepository(t.db);
    const zero = { received: 0, receivedRcpt: 0, receivedKb: 0, delivered: 0, deliveredKb: 0, deferred: 0, bounced: 0 };
    const start = Date.UTC(2026, 1, 1, 12, 0);
    await createMetricBucketRepository(t.db).incrementMany([
      { bucketStart: start - 61 * MIN, domain: "a.test", ...zero, delivered: 100, bounced: 100 },
      { bucketStart: start, domain: "a.test", ...zero, delivered: 5, bounced: 1, deferred: 9 },
      { bucketStart: start + MIN, domain: "a.test", ...zero, delivered: 3, bounced: 2 },
      { bucketStart: start + MIN, domain: "b.test", ...zero, delivered: 7 },
      { bucketStart: start + MIN, domain: "*", ...zero, received: 50 },
    ]);
    expect(await repo.domainOutcomesSince(start - 60 * MIN)).toEqual([
      { domain: "a.test", delivered: 8, bounced: 3 },
      { domain: "b.test", delivered: 7, bounced: 0 },
    ]);
  });
});

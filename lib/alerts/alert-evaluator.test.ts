import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAlertRepository, type AlertRepository } from "../db/alert-repository";
import { createMetricBucketRepository } from "../db/metric-bucket-repository";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import type { AlertNotification } from "./alert-notification";
import { MAX_NEW_ALERTS_PER_TICK, createAlertEvaluator, startAlertEvaluator, type AlertEvaluatorOptions, type AlertSender } from "./alert-evaluator";
import type { QueueState } from "./alert-rules";

const T0 = Date.UTC(2026, 0, 1, 12, 0);
const MIN = 60_000;

function queue(key: string, recipients: number): QueueState {
  const [domain, vmta] = key.split("/");
  return { key, domain, vmta, recipients, oldestQueuedAt: T0 - MIN, mode: "normal", modeSince: T0 - MIN };
}

describe("alert evaluator (SQLite)", () => {
  let t: TestDatabase;
  let repo: AlertRepository;
  let now: number;
  let queues: QueueState[] | null;
  let sent: { channel: string; destination: string; n: AlertNotification }[];
  let send: AlertSender;

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    repo = createAlertRepository(t.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  beforeEach(async () => {
    await t.db.alert.deleteMany();
    await t.db.alertRule.deleteMany();
    now = T0;
    queues = [];
    sent = [];
    send = async (channel, destination, n) => {
      sent.push({ channel, destination, n });
    };
  });

  function evaluator(over: Partial<AlertEvaluatorOptions> = {}) {
    return createAlertEvaluator({
      store: repo,
      queues: () => queues,
      send: (c, d, n) => send(c, d, n),
      now: () => now,
      intervalMs: 60 * MIN,
      maxNotifyAttempts: 2,
      notifyBatch: 10,
      logError: (m, e) => console.error(m, e),
      ...over,
    });
  }

  async function tick(ev: ReturnType<typeof evaluator>) {
    await ev.tick();
    await ev.notified();
  }

  const rule = { name: "Big", kind: "queue-size", threshold: 5, target: "*.test", channel: "webhook", destination: "http://127.0.0.1:1/h", enabled: true, createdBy: "op" };

  it("opens one alert per rule and subject, notifies once, and resolves with a notification", async () => {
    const r = await repo.createRule(rule);
    const ev = evaluator();
    queues = [queue("a.test/v1", 6), queue("b.test/v1", 5), queue("c.example/v1", 99)];
    await tick(ev);
    now += 15_000;
    await tick(ev);
    const [alert, ...more] = await repo.recentAlerts(10);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ ruleId: r.id, subject: "a.test/v1", resolvedAt: null, firedAt: new Date(T0), notifiedAt: new Date(T0) });
    expect(sent).toEqual([
      {
        channel: "webhook",
        destination: rule.destination,
        n: { rule: "Big", kind: "queue-size", subject: "a.test/v1", message: "Queue a.test/v1 holds 6 recipients (threshold 5).", state: "firing", firedAt: new Date(T0).toISOString(), resolvedAt: null },
      },
    ]);

    queues = [queue("a.test/v1", 8)];
    now += 15_000;
    await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ id: alert.id, message: "Queue a.test/v1 holds 8 recipients (threshold 5).", resolvedAt: null });
    expect(sent).toHaveLength(1);

    queues = [queue("a.test/v1", 5)];
    now += 15_000;
    await tick(ev);
    expect(await repo.countOpen()).toBe(0);
    expect(sent.map((s) => [s.n.state, s.n.resolvedAt])).toEqual([
      ["firing", null],
      ["resolved", new Date(now).toISOString()],
    ]);
    await ev.stop();
  });

  it("records notification failures, retries them on later ticks and gives up after the limit", async () => {
    await repo.createRule(rule);
    let fail = true;
    send = async (_c, _d, n) => {
      if (fail) throw new Error("webhook answered HTTP 500");
      sent.push({ channel: "webhook", destination: "", n });
    };
    const ev = evaluator({ maxNotifyAttempts: 3 });
    queues = [queue("a.test/v1", 6)];
    await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ notifiedAt: null, notifyError: "webhook answered HTTP 500 (attempt 1 of 3; retrying)" });
    fail = false;
    await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ notifiedAt: new Date(T0), notifyError: "" });
    expect(sent).toHaveLength(1);

    fail = true;
    queues = [];
    for (let i = 0; i < 5; i++) await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ notifiedAt: null, notifyError: "Gave up after 3 attempts: webhook answered HTTP 500" });
    await ev.stop();
  });

  it("marks console-only alerts as shown, and resolves alerts of disabled rules silently", async () => {
    const r = await repo.createRule({ ...rule, channel: "console", destination: "" });
    const ev = evaluator();
    queues = [queue("a.test/v1", 6)];
    await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ notifiedAt: new Date(T0), notifyError: "" });
    await repo.updateRule(r.id, { enabled: false });
    now += MIN;
    await tick(ev);
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ resolvedAt: new Date(now), notifiedAt: new Date(now) });
    expect(sent).toEqual([]);
    await ev.stop();
  });

  it("keeps alerts open while there is no engine, and reads bounce rates from the rollups", async () => {
    const size = await repo.createRule(rule);
    const rate = await repo.createRule({ ...rule, name: "Bounces", kind: "bounce-rate", threshold: 10, target: "*", channel: "console", destination: "" });
    const zero = { received: 0, receivedRcpt: 0, receivedKb: 0, delivered: 0, deliveredKb: 0, deferred: 0, bounced: 0 };
    await createMetricBucketRepository(t.db).incrementMany([
      { bucketStart: T0 - 30 * MIN, domain: "bad.test", ...zero, delivered: 15, bounced: 5 },
      { bucketStart: T0 - 30 * MIN, domain: "few.test", ...zero, delivered: 1, bounced: 5 },
      { bucketStart: T0 - 90 * MIN, domain: "old.test", ...zero, delivered: 1, bounced: 50 },
    ]);
    const ev = evaluator();
    queues = [queue("a.test/v1", 6)];
    await tick(ev);
    queues = null;
    now += MIN;
    await tick(ev);
    const open = await repo.openAlerts();
    expect(open.map((a) => [a.ruleId, a.subject])).toEqual([
      [size.id, "a.test/v1"],
      [rate.id, "bad.test"],
    ]);
    await ev.stop();
  });

  it("never waits for a slow notification to evaluate", async () => {
    await repo.createRule(rule);
    let release: () => void = () => undefined;
    let called: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (called = resolve));
    send = async (_c, _d, n) => {
      if (n.state === "firing") {
        called();
        await new Promise<void>((resolve) => (release = resolve));
      }
      sent.push({ channel: "webhook", destination: "", n });
    };
    const ev = evaluator();
    queues = [queue("a.test/v1", 6)];
    await ev.tick();
    await sending;
    queues = [];
    now += MIN;
    await ev.tick();
    expect(await repo.countOpen()).toBe(0);
    release();
    await ev.notified();
    // The firing notification finished after the alert resolved: the resolution is still due.
    expect((await repo.recentAlerts(1))[0]).toMatchObject({ notifiedAt: null });
    await tick(ev);
    expect(sent.map((s) => s.n.state)).toEqual(["firing", "resolved"]);
    await ev.stop();
  });

  it("starts once per process and evaluates at start", async () => {
    await repo.createRule({ ...rule, channel: "console", destination: "" });
    queues = [queue("a.test/v1", 6)];
    const over = { store: repo, queues: () => queues, now: () => now, intervalMs: 60 * MIN };
    const first = startAlertEvaluator("/nonexistent/hermod.conf", over);
    expect(startAlertEvaluator("/nonexistent/hermod.conf", over)).toBe(first);
    await first.tick();
    expect(await repo.countOpen()).toBe(1);
    await first.stop();
    const second = startAlertEvaluator("/nonexistent/hermod.conf", over);
    expect(second).not.toBe(first);
    await second.stop();
  });

  it("opens a flood of alerts over several ticks, one per rule and subject", async () => {
    await repo.createRule({ ...rule, threshold: 0, target: "*", channel: "console", destination: "" });
    queues = Array.from({ length: MAX_NEW_ALERTS_PER_TICK + 50 }, (_, i) => queue(`d${i}.test/v1`, 1));
    const ev = evaluator();
    await tick(ev);
    expect(await repo.countOpen()).toBe(MAX_NEW_ALERTS_PER_TICK);
    await tick(ev);
    await tick(ev);
    expect(await repo.countOpen()).toBe(MAX_NEW_ALERTS_PER_TICK + 50);
    await ev.stop();
  });
});

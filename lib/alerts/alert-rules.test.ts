import { describe, expect, it } from "vitest";
import { evaluateRule, formatDuration, planAlerts, type AlertInputs, type QueueState, type RuleToEvaluate } from "./alert-rules";
import { parseTargetPattern } from "./target-pattern";

const NOW = Date.UTC(2026, 0, 1, 12, 0);
const MIN = 60_000;

function queue(key: string, over: Partial<QueueState> = {}): QueueState {
  const [domain, vmta] = key.split("/");
  return { key, domain, vmta, recipients: 0, oldestQueuedAt: null, mode: "normal", modeSince: NOW - 60 * MIN, ...over };
}

function inputs(over: Partial<AlertInputs> = {}): AlertInputs {
  return { now: NOW, queues: [], outcomes: [], ...over };
}

const rule = (kind: RuleToEvaluate["kind"], threshold: number, target = "*", id = 1): RuleToEvaluate => ({ id, kind, threshold, target });

describe("target patterns", () => {
  it("match *, domains, globs and domain/vmta, ignoring case", () => {
    expect(parseTargetPattern("*").matchesQueue("a.test", "v1")).toBe(true);
    expect(parseTargetPattern("yahoo.com").matchesQueue("YAHOO.com", "v1")).toBe(true);
    expect(parseTargetPattern("yahoo.com").matchesQueue("mail.yahoo.com", "v1")).toBe(false);
    const glob = parseTargetPattern("*.yahoo.com");
    expect([glob.matchesDomain("mx.yahoo.com"), glob.matchesDomain("yahoo.com"), glob.matchesDomain("yahoo.com.evil")]).toEqual([true, false, false]);
    const withVmta = parseTargetPattern("a.test/v1");
    expect([withVmta.matchesQueue("a.test", "v1"), withVmta.matchesQueue("a.test", "v2")]).toEqual([true, false]);
    expect(parseTargetPattern("a.test/{default}").matchesQueue("a.test", "{default}")).toBe(true);
    expect(parseTargetPattern("a.b").matchesDomain("axb")).toBe(false);
  });
});

describe("backoff-duration", () => {
  const r = rule("backoff-duration", 30);
  it("fires for a matching queue in backoff longer than the threshold", () => {
    const firings = evaluateRule(r, inputs({ queues: [queue("a.test/v1", { mode: "backoff", modeSince: NOW - 31 * MIN })] }));
    expect(firings).toEqual([{ ruleId: 1, subject: "a.test/v1", message: "Queue a.test/v1 has been in backoff for 31 min (threshold 30 min)." }]);
  });
  it("does not fire at or below the threshold, in normal mode, or for other domains", () => {
    const qs = [
      queue("a.test/v1", { mode: "backoff", modeSince: NOW - 30 * MIN }),
      queue("b.test/v1", { mode: "normal", modeSince: NOW - 300 * MIN }),
      queue("c.test/v1", { mode: "backoff", modeSince: NOW - 300 * MIN }),
    ];
    expect(evaluateRule(rule("backoff-duration", 30, "*.test"), inputs({ queues: qs }))?.map((f) => f.subject)).toEqual(["c.test/v1"]);
    expect(evaluateRule(rule("backoff-duration", 30, "a.test"), inputs({ queues: qs }))).toEqual([]);
    expect(evaluateRule(rule("backoff-duration", 30, "b.test"), inputs({ queues: qs }))).toEqual([]);
  });
  it("is unknown without the engine", () => {
    expect(evaluateRule(r, inputs({ queues: null }))).toBeNull();
  });
});

describe("spool-age", () => {
  it("fires for each matching queue whose oldest message is older than the threshold", () => {
    const qs = [queue("a.test/v1", { oldestQueuedAt: NOW - 125 * MIN }), queue("a.test/v2", { oldestQueuedAt: NOW - 5 * MIN }), queue("b.test/v1")];
    expect(evaluateRule(rule("spool-age", 60), inputs({ queues: qs }))).toEqual([
      { ruleId: 1, subject: "a.test/v1", message: "The oldest message queued for a.test/v1 is 2 h 5 min old (threshold 60 min)." },
    ]);
    expect(evaluateRule(rule("spool-age", 60, "*/v2"), inputs({ queues: qs }))).toEqual([]);
  });
});

describe("queue-size", () => {
  it("fires above the threshold only", () => {
    const qs = [queue("a.test/v1", { recipients: 1 }), queue("b.test/v1", { recipients: 0 }), queue("c.test/v1", { recipients: 10 })];
    expect(evaluateRule(rule("queue-size", 0), inputs({ queues: qs }))?.map((f) => f.subject)).toEqual(["a.test/v1", "c.test/v1"]);
    expect(evaluateRule(rule("queue-size", 10), inputs({ queues: qs }))).toEqual([]);
    expect(evaluateRule(rule("queue-size", 0, "c.test"), inputs({ queues: qs }))?.[0].message).toBe("Queue c.test/v1 holds 10 recipients (threshold 0).");
  });
});

describe("bounce-rate", () => {
  it("fires for a matching domain above the threshold with enough volume", () => {
    const outcomes = [
      { domain: "mx.yahoo.com", delivered: 15, bounced: 5 },
      { domain: "gmail.com", delivered: 15, bounced: 5 },
    ];
    expect(evaluateRule(rule("bounce-rate", 20, "*.yahoo.com"), inputs({ outcomes }))).toEqual([
      { ruleId: 1, subject: "mx.yahoo.com", message: "Bounce rate for mx.yahoo.com is 25.0% over the last hour (5 of 20 outcomes bounced; threshold 20%)." },
    ]);
  });
  it("does not fire at the threshold or below the minimum volume", () => {
    expect(evaluateRule(rule("bounce-rate", 25), inputs({ outcomes: [{ domain: "a.test", delivered: 15, bounced: 5 }] }))).toEqual([]);
    expect(evaluateRule(rule("bounce-rate", 10), inputs({ outcomes: [{ domain: "a.test", delivered: 0, bounced: 19 }] }))).toEqual([]);
  });
  it("is unknown without rollups", () => {
    expect(evaluateRule(rule("bounce-rate", 10), inputs({ outcomes: null }))).toBeNull();
  });
});

describe("planAlerts", () => {
  const r = rule("queue-size", 0, "*", 7);
  const full = inputs({ queues: [queue("a.test/v1", { recipients: 3 }), queue("b.test/v1", { recipients: 2 })] });

  it("opens one alert per rule and subject, and nothing while it stays open", () => {
    const first = planAlerts([r], [], full);
    expect(first.open.map((f) => f.subject)).toEqual(["a.test/v1", "b.test/v1"]);
    expect(first.resolve).toEqual([]);
    const open = first.open.map((f, i) => ({ id: i + 1, ruleId: f.ruleId, subject: f.subject, message: f.message }));
    expect(planAlerts([r], open, full)).toEqual({ open: [], update: [], resolve: [] });
    const grown = inputs({ queues: [queue("a.test/v1", { recipients: 4 }), queue("b.test/v1", { recipients: 2 })] });
    expect(planAlerts([r], open, grown)).toEqual({ open: [], update: [{ id: 1, message: "Queue a.test/v1 holds 4 recipients (threshold 0)." }], resolve: [] });
  });

  it("resolves when the condition clears", () => {
    const open = [
      { id: 1, ruleId: 7, subject: "a.test/v1", message: "Queue a.test/v1 holds 3 recipients (threshold 0)." },
      { id: 2, ruleId: 7, subject: "b.test/v1", message: "m" },
    ];
    const cleared = inputs({ queues: [queue("a.test/v1", { recipients: 3 })] });
    expect(planAlerts([r], open, cleared)).toEqual({ open: [], update: [], resolve: [{ id: 2, ruleId: 7, subject: "b.test/v1", message: "m", silent: false }] });
  });

  it("keeps alerts open while the inputs are unknown", () => {
    expect(planAlerts([r], [{ id: 1, ruleId: 7, subject: "a.test/v1", message: "m" }], inputs({ queues: null }))).toEqual({ open: [], update: [], resolve: [] });
  });

  it("resolves alerts of disabled or deleted rules silently", () => {
    expect(planAlerts([], [{ id: 4, ruleId: 9, subject: "x", message: "m" }], full)).toEqual({ open: [], update: [], resolve: [{ id: 4, ruleId: 9, subject: "x", message: "m", silent: true }] });
  });
});

describe("formatDuration", () => {
  it("reads naturally", () => {
    expect([formatDuration(40_000), formatDuration(12 * MIN), formatDuration(185 * MIN), formatDuration(50 * 60 * MIN)]).toEqual(["40 s", "12 min", "3 h 5 min", "2 d 2 h"]);
  });
});

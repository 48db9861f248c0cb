import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlertRepository } from "../../db/alert-repository";
import { createAuditRepository } from "../../db/audit-repository";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { NotFoundError } from "../../errors";
import { ZAlertRuleInput, ZUpdateAlertRuleInput } from "../../schemas/alerts";
import type { AlertRuleDeps } from "./alert-rule-deps";
import { createAlertRule } from "./create-alert-rule";
import { deleteAlertRule } from "./delete-alert-rule";
import { setAlertRuleEnabled } from "./set-alert-rule-enabled";
import { updateAlertRule } from "./update-alert-rule";

function fieldErrors(input: unknown): Record<string, string> {
  const r = ZAlertRuleInput.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
}

const valid = { name: "Stuck", kind: "queue-size", threshold: "0", target: "Example.COM", channel: "console", destination: "" };

describe("alert rule input", () => {
  it("accepts each kind with its unit, lower-cases targets and drops a console rule's destination", () => {
    expect(ZAlertRuleInput.parse({ ...valid, destination: "ignored" })).toEqual({ ...valid, threshold: 0, target: "example.com", destination: "", enabled: true });
    expect(ZAlertRuleInput.parse({ ...valid, kind: "bounce-rate", threshold: 12.5, target: "*.yahoo.com" }).threshold).toBe(12.5);
    expect(ZAlertRuleInput.parse({ ...valid, kind: "backoff-duration", target: "gmail.com/vmta-1" }).target).toBe("gmail.com/vmta-1");
    expect(ZAlertRuleInput.parse({ ...valid, channel: "webhook", destination: "https://hooks.example.com/x" }).destination).toBe("https://hooks.example.com/x");
    expect(ZAlertRuleInput.parse({ ...valid, channel: "email", destination: "ops@example.com" }).channel).toBe("email");
  });

  it("names the field that is wrong", () => {
    expect(fieldErrors({ ...valid, name: " " })).toEqual({ name: "Give the rule a name" });
    expect(fieldErrors({ ...valid, threshold: "abc" })).toEqual({ threshold: "Enter a number" });
    expect(fieldErrors({ ...valid, threshold: -1 })).toEqual({ threshold: "Must be 0 or more" });
    expect(fieldErrors({ ...valid, kind: "bounce-rate", threshold: 101 })).toEqual({ threshold: "At most 100 %" });
    expect(fieldErrors({ ...valid, threshold: 1.5 })).toEqual({ threshold: "A whole number of recipients" });
    expect(fieldErrors({ ...valid, target: "a b" })).toEqual({ target: "Enter *, a domain, a glob such as *.yahoo.com, or domain/vmta" });
    expect(fieldErrors({ ...valid, kind: "bounce-rate", target: "a.com/v1" })).toEqual({ target: "Bounce rates are per recipient domain: leave out /vmta" });
    expect(fieldErrors({ ...valid, channel: "webhook", destination: "ftp://x.example/" })).toEqual({ destination: "Enter an http:// or https:// URL" });
    expect(fieldErrors({ ...valid, channel: "webhook", destination: "javascript:alert(1)" })).toEqual({ destination: "Enter an http:// or https:// URL" });
    expect(fieldErrors({ ...valid, channel: "email", destination: "nobody" })).toEqual({ destination: "Enter the email address to notify" });
    expect(fieldErrors({ ...valid, kind: "disk" })).toEqual({ kind: "Choose a kind" });
    expect(fieldErrors({ ...valid, extra: 1 })).toHaveProperty("form");
  });
});

describe("managing alert rules (SQLite)", () => {
  let t: TestDatabase;
  let deps: AlertRuleDeps;
  const actor = { username: "olga" };
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    deps = { rules: createAlertRepository(t.db), audit: createAuditRepository(t.db), now: () => new Date(Date.UTC(2026, 0, 1)) };
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("creates, edits, disables and deletes a rule, auditing each step", async () => {
    expect(await createAlertRule(actor, ZAlertRuleInput.parse(valid), deps)).toBe('Rule "Stuck" created.');
    const [rule] = await createAlertRepository(t.db).listRules();
    expect(rule).toMatchObject({ name: "Stuck", createdBy: "olga", threshold: 0, enabled: true });
    await updateAlertRule(actor, ZUpdateAlertRuleInput.parse({ ...valid, id: rule.id, threshold: 10, channel: "webhook", destination: "http://127.0.0.1/h" }), deps);
    expect(await deps.rules.getRule(rule.id)).toMatchObject({ threshold: 10, channel: "webhook", destination: "http://127.0.0.1/h" });
    expect(await setAlertRuleEnabled(actor, { id: rule.id, enabled: false }, deps)).toBe('Rule "Stuck" disabled.');
    expect(await deleteAlertRule(actor, { id: rule.id }, deps)).toBe('Rule "Stuck" deleted; its open alerts are resolved.');
    const audit = await createAuditRepository(t.db).list({ limit: 10 });
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ["olga", "alert-rule.delete", `alert-rule:${rule.id}`],
      ["olga", "alert-rule.disable", `alert-rule:${rule.id}`],
      ["olga", "alert-rule.update", `alert-rule:${rule.id}`],
      ["olga", "alert-rule.create", `alert-rule:${rule.id}`],
    ]);
    expect(audit[1].detail).toEqual({ name: "Stuck" });
  });

  it("says when the rule does not exist", async () => {
    await expect(setAlertRuleEnabled(actor, { id: 999, enabled: true }, deps)).rejects.toThrow(NotFoundError);
    await expect(deleteAlertRule(actor, { id: 999 }, deps)).rejects.toThrow("Alert rule not found.");
    await expect(updateAlertRule(actor, ZUpdateAlertRuleInput.parse({ ...valid, id: 999 }), deps)).rejects.toThrow("Alert rule not found.");
  });
});

import type { TAlertRuleInput } from "../../schemas/alerts";
import { type Actor, type AlertRuleDeps, alertRuleDeps, describeRule } from "./alert-rule-deps";

export async function createAlertRule(actor: Actor, input: TAlertRuleInput, deps: AlertRuleDeps = alertRuleDeps()): Promise<string> {
  const rule = await deps.rules.createRule({ ...input, createdBy: actor.username });
  await deps.audit.record({ actor: actor.username, action: "alert-rule.create", target: `alert-rule:${rule.id}`, detail: describeRule(input) });
  return `Rule "${rule.name}" created.`;
}

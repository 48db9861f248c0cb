import { NotFoundError } from "../../errors";
import type { TUpdateAlertRuleInput } from "../../schemas/alerts";
import { type Actor, type AlertRuleDeps, alertRuleDeps, describeRule } from "./alert-rule-deps";

export async function updateAlertRule(actor: Actor, input: TUpdateAlertRuleInput, deps: AlertRuleDeps = alertRuleDeps()): Promise<string> {
  const { id, ...data } = input;
  const rule = await deps.rules.updateRule(id, data);
  if (!rule) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: "alert-rule.update", target: `alert-rule:${id}`, detail: describeRule(data) });
  return `Rule "${rule.name}" saved.`;
}

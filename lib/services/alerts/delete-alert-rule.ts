import { NotFoundError } from "../../errors";
import type { TDeleteAlertRuleInput } from "../../schemas/alerts";
import { type Actor, type AlertRuleDeps, alertRuleDeps } from "./alert-rule-deps";

export async function deleteAlertRule(actor: Actor, input: TDeleteAlertRuleInput, deps: AlertRuleDeps = alertRuleDeps()): Promise<string> {
  const rule = await deps.rules.getRule(input.id);
  if (!rule || !(await deps.rules.deleteRule(input.id, deps.now()))) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: "alert-rule.delete", target: `alert-rule:${input.id}`, detail: { name: rule.name } });
  return `Rule "${rule.name}" deleted; its open alerts are resolved.`;
}

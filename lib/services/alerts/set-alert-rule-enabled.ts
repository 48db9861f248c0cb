import { NotFoundError } from "../../errors";
import type { TSetAlertRuleEnabledInput } from "../../schemas/alerts";
import { type Actor, type AlertRuleDeps, alertRuleDeps } from "./alert-rule-deps";

export async function setAlertRuleEnabled(actor: Actor, input: TSetAlertRuleEnabledInput, deps: AlertRuleDeps = alertRuleDeps()): Promise<string> {
  const rule = await deps.rules.updateRule(input.id, { enabled: input.enabled });
  if (!rule) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: input.enabled ? "alert-rule.enable" : "alert-rule.disable", target: `alert-rule:${input.id}`, detail: { name: rule.name } });
  return `Rule "${rule.name}" ${input.enabled ? "enabled" : "disabled"}.`;
}

/**
 * Creating, changing, enabling and deleting alert rules: each audited (who, what, the rule as
 * saved). The caller has checked `alerts.write` (app/(console)/alerts/actions.ts). Changes take
 * effect on the evaluator's next tick.
 */

import { createAlertRepository, type AlertRepository } from "../../db/alert-repository";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import { NotFoundError } from "../../errors";
import type { TAlertRuleInput, TDeleteAlertRuleInput, TSetAlertRuleEnabledInput, TUpdateAlertRuleInput } from "../../schemas/alerts";

export interface AlertRuleDeps {
  rules: Pick<AlertRepository, "createRule" | "updateRule" | "deleteRule" | "getRule">;
  audit: Pick<AuditRepository, "record">;
  now: () => Date;
}

function defaultDeps(): AlertRuleDeps {
  return { rules: createAlertRepository(), audit: createAuditRepository(), now: () => new Date() };
}

type Actor = { username: string };

function describeRule(r: TAlertRuleInput): Record<string, unknown> {
  return { name: r.name, kind: r.kind, threshold: r.threshold, target: r.target, channel: r.channel, destination: r.destination, enabled: r.enabled };
}

export async function createAlertRule(actor: Actor, input: TAlertRuleInput, deps: AlertRuleDeps = defaultDeps()): Promise<string> {
  const rule = await deps.rules.createRule({ ...input, createdBy: actor.username });
  await deps.audit.record({ actor: actor.username, action: "alert-rule.create", target: `alert-rule:${rule.id}`, detail: describeRule(input) });
  return `Rule "${rule.name}" created.`;
}

export async function updateAlertRule(actor: Actor, input: TUpdateAlertRuleInput, deps: AlertRuleDeps = defaultDeps()): Promise<string> {
  const { id, ...data } = input;
  const rule = await deps.rules.updateRule(id, data);
  if (!rule) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: "alert-rule.update", target: `alert-rule:${id}`, detail: describeRule(data) });
  return `Rule "${rule.name}" saved.`;
}

export async function setAlertRuleEnabled(actor: Actor, input: TSetAlertRuleEnabledInput, deps: AlertRuleDeps = defaultDeps()): Promise<string> {
  const rule = await deps.rules.updateRule(input.id, { enabled: input.enabled });
  if (!rule) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: input.enabled ? "alert-rule.enable" : "alert-rule.disable", target: `alert-rule:${input.id}`, detail: { name: rule.name } });
  return `Rule "${rule.name}" ${input.enabled ? "enabled" : "disabled"}.`;
}

export async function deleteAlertRule(actor: Actor, input: TDeleteAlertRuleInput, deps: AlertRuleDeps = defaultDeps()): Promise<string> {
  const rule = await deps.rules.getRule(input.id);
  if (!rule || !(await deps.rules.deleteRule(input.id, deps.now()))) throw new NotFoundError("Alert rule");
  await deps.audit.record({ actor: actor.username, action: "alert-rule.delete", target: `alert-rule:${input.id}`, detail: { name: rule.name } });
  return `Rule "${rule.name}" deleted; its open alerts are resolved.`;
}

/**
 * What the alert-rule use cases need: the rules, the audit trail and a clock. Each use case is audited
 * (who, what, the rule as saved); the caller has checked `alerts.write` (app/(console)/alerts/actions.ts).
 * Changes take effect on the evaluator's next tick.
 */

import { createAlertRepository, type AlertRepository } from "../../db/alert-repository";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import type { TAlertRuleInput } from "../../schemas/alerts";

export interface AlertRuleDeps {
  rules: Pick<AlertRepository, "createRule" | "updateRule" | "deleteRule" | "getRule">;
  audit: Pick<AuditRepository, "record">;
  now: () => Date;
}

export function alertRuleDeps(): AlertRuleDeps {
  return { rules: createAlertRepository(), audit: createAuditRepository(), now: () => new Date() };
}

export type Actor = { username: string };

/** The audit detail of a rule as saved. */
export function describeRule(r: TAlertRuleInput): Record<string, unknown> {
  return { name: r.name, kind: r.kind, threshold: r.threshold, target: r.target, channel: r.channel, destination: r.destination, enabled: r.enabled };
}

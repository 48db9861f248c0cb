import "server-only";

import { createAlertRepository, type AlertRepository } from "../../db/alert-repository";
import type { TAlertRow, TAlertRuleRow } from "../../schemas/alerts";
import { toAlertRow, toAlertRuleRow } from "./alert-dto";

/** How many alerts the console lists: every open one first, then the most recent resolved ones. */
export const RECENT_ALERTS = 100;

export interface AlertsView {
  rules: TAlertRuleRow[];
  alerts: TAlertRow[];
  openCount: number;
}

/** The /alerts page: rules, open and recent alerts, and how many are open. */
export async function listAlerts(repo: AlertRepository = createAlertRepository()): Promise<AlertsView> {
  const [rules, alerts, openCount] = await Promise.all([repo.listRules(), repo.recentAlerts(RECENT_ALERTS), repo.countOpen()]);
  const byId = new Map(rules.map((r) => [r.id, r]));
  return { rules: rules.map(toAlertRuleRow), alerts: alerts.map((a) => toAlertRow(a, byId)), openCount };
}

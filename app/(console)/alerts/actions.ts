"use server";

/**
 * Alert rule management. Each action checks `alerts.write` itself (runAction): viewers see no edit
 * controls, and the server refuses them too, since any action can be POSTed directly.
 */

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { ZAlertRuleInput, ZDeleteAlertRuleInput, ZSetAlertRuleEnabledInput, ZUpdateAlertRuleInput } from "@/lib/schemas/alerts";
import type { TActionResult } from "@/lib/schemas/user";
import { createAlertRule } from "@/lib/services/alerts/create-alert-rule";
import { deleteAlertRule } from "@/lib/services/alerts/delete-alert-rule";
import { setAlertRuleEnabled } from "@/lib/services/alerts/set-alert-rule-enabled";
import { updateAlertRule } from "@/lib/services/alerts/update-alert-rule";

function done(result: TActionResult): TActionResult {
  if (result.ok) revalidatePath("/alerts");
  return result;
}

export async function createAlertRuleAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("alerts.write", ZAlertRuleInput, input, (user, data) => createAlertRule(user, data)));
}

export async function updateAlertRuleAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("alerts.write", ZUpdateAlertRuleInput, input, (user, data) => updateAlertRule(user, data)));
}

export async function setAlertRuleEnabledAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("alerts.write", ZSetAlertRuleEnabledInput, input, (user, data) => setAlertRuleEnabled(user, data)));
}

export async function deleteAlertRuleAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("alerts.write", ZDeleteAlertRuleInput, input, (user, data) => deleteAlertRule(user, data)));
}

"use server";

/**
 * Config changes and the editors' checks. Every action needs `config.write` and checks it itself
 * (runResultAction): viewers and operators get a real 403 even for Validate, since any action can be
 * POSTed directly. Reading the config is the page's job (config.read).
 */

import { revalidatePath } from "next/cache";
import { runResultAction } from "@/lib/actions/safe-action";
import {
  ZApplyConfigInput,
  ZCheckValueInput,
  ZRemoveBlockInput,
  ZSaveBlockInput,
  ZValidateConfigInput,
  type TCheckValueResult,
  type TConfigChangeResult,
  type TValidateConfigResult,
} from "@/lib/schemas/config";
import { applyConfigText } from "@/lib/services/config/apply-config-text";
import { checkConfigValue } from "@/lib/services/config/check-config-value";
import { removeConfigBlock } from "@/lib/services/config/remove-config-block";
import { saveConfigBlock } from "@/lib/services/config/save-config-block";
import { validateConfigText } from "@/lib/services/config/validate-config-text";

function done(result: TConfigChangeResult): TConfigChangeResult {
  if (result.ok) {
    revalidatePath("/config");
    revalidatePath("/config/revisions");
  }
  return result;
}

export async function validateConfigAction(input: unknown): Promise<TValidateConfigResult> {
  return runResultAction("config.write", ZValidateConfigInput, input, async (_user, { text }) => ({ ok: true as const, ...validateConfigText(text) }));
}

export async function applyConfigAction(input: unknown): Promise<TConfigChangeResult> {
  return done(
    await runResultAction("config.write", ZApplyConfigInput, input, (user, data) =>
      applyConfigText({ text: data.text, author: user.username, comment: data.comment, origin: data.origin, baseHash: data.baseHash }),
    ),
  );
}

export async function saveConfigBlockAction(input: unknown): Promise<TConfigChangeResult> {
  return done(await runResultAction("config.write", ZSaveBlockInput, input, (user, data) => saveConfigBlock(user.username, data)));
}

export async function removeConfigBlockAction(input: unknown): Promise<TConfigChangeResult> {
  return done(await runResultAction("config.write", ZRemoveBlockInput, input, (user, data) => removeConfigBlock(user.username, data)));
}

/** One block-editor field, checked as it is typed (debounced by the client). */
export async function checkConfigValueAction(input: unknown): Promise<TCheckValueResult> {
  return runResultAction("config.write", ZCheckValueInput, input, async (_user, { kind, field, value }) => ({
    ok: true as const,
    error: checkConfigValue(kind, field, value),
  }));
}

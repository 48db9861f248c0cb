"use server";

/**
 * Status-API keys. Each action checks `api-keys.write` itself (runAction / runResultAction); create
 * and revoke are audited by the service. The secret of a new key is returned once and never stored.
 */

import { revalidatePath } from "next/cache";
import { runAction, runResultAction } from "@/lib/actions/safe-action";
import { ZCreateApiKeyInput, ZRevokeApiKeyInput } from "@/lib/schemas/api-key";
import type { TActionFailure, TActionResult } from "@/lib/schemas/user";
import { createApiKey, revokeApiKey } from "@/lib/services/api-keys/manage-api-keys";

export type TCreateApiKeyResult = { ok: true; message: string; secret: string } | TActionFailure;

export async function createApiKeyAction(input: unknown): Promise<TCreateApiKeyResult> {
  const result = await runResultAction("api-keys.write", ZCreateApiKeyInput, input, async (user, data) => {
    const { key, secret } = await createApiKey(user.username, data);
    return { ok: true as const, message: `API key "${key.name}" created (${key.role}). Copy it now: it is not shown again.`, secret };
  });
  if (result.ok) revalidatePath("/api-keys");
  return result;
}

export async function revokeApiKeyAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("api-keys.write", ZRevokeApiKeyInput, input, async (user, data) => {
    const key = await revokeApiKey(user.username, data.id);
    return `API key "${key.name}" revoked.`;
  });
  if (result.ok) revalidatePath("/api-keys");
  return result;
}

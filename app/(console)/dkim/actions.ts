"use server";

/**
 * DKIM keys stored in the console. Each action checks `config.write` itself (runAction); the service
 * audits the change and reloads the engine so the next message is signed with the new set of keys.
 */

import { revalidatePath } from "next/cache";
import { runAction, runResultAction } from "@/lib/actions/safe-action";
import { ZDeleteDkimKeyInput, ZGenerateDkimKeyInput, ZUploadDkimKeyInput } from "@/lib/dkim/schemas";
import type { TActionFailure, TActionResult } from "@/lib/schemas/user";
import { deleteConsoleDkimKey, generateConsoleDkimKey, uploadConsoleDkimKey } from "@/lib/services/dkim/manage-dkim-keys";

export type TDkimKeyResult = { ok: true; message: string; recordName: string; dnsRecord: string } | TActionFailure;

export async function generateDkimKeyAction(input: unknown): Promise<TDkimKeyResult> {
  const result = await runResultAction("config.write", ZGenerateDkimKeyInput, input, async (user, data) => {
    const { key, message } = await generateConsoleDkimKey(user.username, data);
    return { ok: true as const, message, recordName: `${key.selector}._domainkey.${key.domain}`, dnsRecord: key.dnsRecord };
  });
  if (result.ok) revalidatePath("/dkim");
  return result;
}

export async function uploadDkimKeyAction(input: unknown): Promise<TDkimKeyResult> {
  const result = await runResultAction("config.write", ZUploadDkimKeyInput, input, async (user, data) => {
    const { key, message } = await uploadConsoleDkimKey(user.username, data);
    return { ok: true as const, message, recordName: `${key.selector}._domainkey.${key.domain}`, dnsRecord: key.dnsRecord };
  });
  if (result.ok) revalidatePath("/dkim");
  return result;
}

export async function deleteDkimKeyAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("config.write", ZDeleteDkimKeyInput, input, async (user, data) => (await deleteConsoleDkimKey(user.username, data.id)).message);
  if (result.ok) revalidatePath("/dkim");
  return result;
}

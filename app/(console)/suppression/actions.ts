"use server";

/**
 * Suppression lists. Each action checks its permission itself (runAction / runResultAction):
 * suppression.write to change, records.read to search. Changes are audited by the service and sent
 * to the engine as deltas.
 */

import { revalidatePath } from "next/cache";
import { runAction, runResultAction } from "@/lib/actions/safe-action";
import { ZAddEntries, ZAutoAdd, ZCreateSuppressionList, ZDeleteEntries, ZDeleteList, ZSearchEntries, type TSuppressionEntryRow } from "@/lib/suppression/schemas";
import type { TActionFailure, TActionResult } from "@/lib/schemas/user";
import { addEntries, createSuppressionList, deleteEntries, deleteSuppressionList, searchEntries, setAutoAdd } from "@/lib/services/suppression/manage-lists";

export async function createListAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("suppression.write", ZCreateSuppressionList, input, async (user, data) => {
    const list = await createSuppressionList(user.username, data);
    return `Suppression list "${list.name}" created.`;
  });
  if (result.ok) revalidatePath("/suppression");
  return result;
}

export async function setAutoAddAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("suppression.write", ZAutoAdd, input, async (user, data) => {
    const list = await setAutoAdd(user.username, data);
    return `"${list.name}": auto-add of hard bounces ${list.autoAddBounces ? "on" : "off"}, of complaints ${list.autoAddComplaints ? "on" : "off"}.`;
  });
  if (result.ok) revalidatePath("/suppression");
  return result;
}

export async function deleteListAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("suppression.write", ZDeleteList, input, async (user, data) => `Suppression list "${await deleteSuppressionList(user.username, data.id)}" deleted.`);
  if (result.ok) revalidatePath("/suppression");
  return result;
}

export async function addEntriesAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("suppression.write", ZAddEntries, input, async (user, data) => addEntries(user.username, data.listId, data.text));
  if (result.ok) revalidatePath("/suppression");
  return result;
}

export async function deleteEntriesAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("suppression.write", ZDeleteEntries, input, async (user, data) => deleteEntries(user.username, data.listId, data.entries));
  if (result.ok) revalidatePath("/suppression");
  return result;
}

export type TSearchResult = { ok: true; entries: TSuppressionEntryRow[] } | TActionFailure;

export async function searchEntriesAction(input: unknown): Promise<TSearchResult> {
  return runResultAction("records.read", ZSearchEntries, input, async (_user, data) => ({ ok: true as const, entries: await searchEntries(data.q, data.listId) }));
}

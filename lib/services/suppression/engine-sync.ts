/**
 * Keeps the engine's in-memory suppression lists (mta/suppression) equal to the database: the whole
 * set at boot, then deltas (a list's names and scopes, a batch of entries) as they change. The engine
 * never reads the database on the RCPT path.
 */

import type { MtaHandle, SuppressionValue } from "@/mta/index";
import { suppressionEntryRepository, type SuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { suppressionListRepository, type SuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { getMta } from "@/lib/mta-host/handle";

export type SuppressionEngine = Pick<MtaHandle, "setSuppressionLists" | "addSuppressionEntries" | "removeSuppressionEntries">;

/** Entries per command when loading: one structured-clone message each. */
const LOAD_PAGE = 10_000;

export function runningEngine(): SuppressionEngine | null {
  return getMta();
}

/** Sends every list's name and scope (lists no longer there are dropped with their entries). */
export async function pushLists(engine: SuppressionEngine | null, lists: SuppressionListRepository = suppressionListRepository()): Promise<void> {
  if (!engine) return;
  const all = await lists.list();
  await engine.setSuppressionLists(all.map((l) => ({ id: l.id, name: l.name, scope: l.scope, scopeValue: l.scopeValue })));
}

/** At boot: the lists, then every entry, a page at a time. Resolves to the number of entries sent. */
export async function loadIntoEngine(
  engine: SuppressionEngine,
  lists: SuppressionListRepository = suppressionListRepository(),
  entries: SuppressionEntryRepository = suppressionEntryRepository(),
): Promise<number> {
  await pushLists(engine, lists);
  let sent = 0;
  for await (const page of entries.pages(undefined, LOAD_PAGE)) {
    const byList = new Map<number, SuppressionValue[]>();
    for (const e of page) {
      let values = byList.get(e.listId);
      if (!values) byList.set(e.listId, (values = []));
      values.push({ kind: e.kind, value: e.value });
    }
    for (const [listId, values] of byList) await engine.addSuppressionEntries(listId, values);
    sent += page.length;
  }
  return sent;
}

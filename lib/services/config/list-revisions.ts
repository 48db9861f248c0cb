/** The revision history, newest first, with each revision's diff (secrets masked unless asked not to). */

import type { TRevisionRow } from "../../schemas/config";
import { diffStats } from "../../config/config-diff";
import { redactDiff } from "../../config/redact";
import { configDeps, type ConfigDeps } from "./config-deps";

export const REVISIONS_PAGE_SIZE = 25;

export interface RevisionPage {
  rows: TRevisionRow[];
  /** Pass as `beforeId` for the next (older) page; null on the last page. */
  olderThan: number | null;
}

export async function listRevisions(
  options: { beforeId?: number; redact: boolean; limit?: number },
  deps: Pick<ConfigDeps, "revisions"> = configDeps(),
): Promise<RevisionPage> {
  const limit = options.limit ?? REVISIONS_PAGE_SIZE;
  const entries = await deps.revisions.list({ limit: limit + 1, beforeId: options.beforeId });
  const rows = entries.slice(0, limit).map((e): TRevisionRow => {
    const diff = options.redact ? redactDiff(e.diff) : e.diff;
    return { id: e.id, author: e.author, comment: e.comment, origin: e.origin, createdAt: e.createdAt.toISOString(), diff, ...diffStats(e.diff) };
  });
  return { rows, olderThan: entries.length > limit ? rows[rows.length - 1].id : null };
}

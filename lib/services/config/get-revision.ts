/** One revision with its full text (secrets masked unless asked not to). */

import type { TRevisionRow } from "../../schemas/config";
import { diffStats } from "../../config/config-diff";
import { redactConfigText, redactDiff } from "../../config/redact";
import { configDeps, type ConfigDeps } from "./config-deps";

export interface RevisionDetail extends TRevisionRow {
  text: string;
}

export async function getRevision(id: number, options: { redact: boolean }, deps: Pick<ConfigDeps, "revisions"> = configDeps()): Promise<RevisionDetail | null> {
  const r = await deps.revisions.findById(id);
  if (!r) return null;
  return {
    id: r.id,
    author: r.author,
    comment: r.comment,
    origin: r.origin,
    createdAt: r.createdAt.toISOString(),
    text: options.redact ? redactConfigText(r.text) : r.text,
    diff: options.redact ? redactDiff(r.diff) : r.diff,
    ...diffStats(r.diff),
  };
}

/** Revision diffs: unified, computed once when a revision is created and stored with it (jsdiff). */

import { createTwoFilesPatch } from "diff";

const CONTEXT_LINES = 3;

/** The unified diff from `before` (null: no previous revision) to `after`, without the `Index:`/`===` preamble. */
export function revisionDiff(before: string | null, after: string, labels: { before: string; after: string }): string {
  const patch = createTwoFilesPatch(labels.before, labels.after, before ?? "", after, "", "", { context: CONTEXT_LINES });
  return patch.replace(/^=+\n/m, "");
}

/** Lines added and removed by a unified diff. */
export function diffStats(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  let inHunk = false;
  for (const line of diff.split("\n")) {
    if (line.startsWith("@@")) inHunk = true;
    else if (inHunk && line.startsWith("+")) added++;
    else if (inHunk && line.startsWith("-")) removed++;
  }
  return { added, removed };
}

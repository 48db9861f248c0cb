/** Makes an earlier revision's text the running config again, as a new revision (origin rollback). */

import { NotFoundError } from "../../errors";
import { changeConfig, type ChangeResult } from "./change-config";
import { configDeps, type ConfigDeps } from "./config-deps";

export async function rollbackToRevision(id: number, author: string, deps: ConfigDeps = configDeps()): Promise<ChangeResult> {
  const target = await deps.revisions.findById(id);
  if (!target) throw new NotFoundError(`Revision ${id}`);
  return changeConfig(
    { author, comment: `Rollback to revision ${id}`, origin: "rollback", edit: () => ({ ok: true, text: target.text }) },
    deps,
  );
}

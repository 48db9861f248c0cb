"use server";

/** Rollback: needs `config.write`, checked here (runResultAction), like every config change. */

import { revalidatePath } from "next/cache";
import { runResultAction } from "@/lib/actions/safe-action";
import { ZRollbackInput, type TConfigChangeResult } from "@/lib/schemas/config";
import { rollbackToRevision } from "@/lib/services/config/rollback-to-revision";

export async function rollbackConfigAction(input: unknown): Promise<TConfigChangeResult> {
  const result = await runResultAction("config.write", ZRollbackInput, input, (user, { revisionId }) => rollbackToRevision(revisionId, user.username));
  if (result.ok) {
    revalidatePath("/config");
    revalidatePath("/config/revisions");
  }
  return result;
}

"use server";

/**
 * Operator actions on queues and jobs. Each checks `queues.write` itself (runAction → 401/403 for
 * anyone without it, whatever the UI shows), validates with ZQueueAction and runs through
 * runQueueAction, which acts on the engine and writes the audit trail.
 */

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { ZQueueAction } from "@/lib/schemas/queue-action";
import type { TActionResult } from "@/lib/schemas/user";
import { runQueueAction } from "@/lib/services/queues/run-queue-action";

export async function queueAction(input: unknown): Promise<TActionResult> {
  const result = await runAction("queues.write", ZQueueAction, input, async (user, action) => (await runQueueAction(user.username, action)).message);
  if (result.ok) revalidatePath("/queues", "layout");
  return result;
}

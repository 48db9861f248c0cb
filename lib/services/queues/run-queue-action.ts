/**
 * Runs one operator action on the engine and audits it (who, when, what, and what it changed). The
 * console's server actions, the /api/v1 command endpoints and the CLI (through the API) all come here;
 * the caller has already checked `queues.write`. An action on nothing (an unknown queue, a job that is
 * not paused) is an ExpectedError, so the operator sees why nothing happened.
 */

import type { MtaHandle } from "@/mta/index";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import { ExpectedError } from "../../errors";
import { getMta } from "../../mta-host/handle";
import type { TQueueAction, TQueueActionResult } from "../../schemas/queue-action";

export interface QueueActionDeps {
  mta: MtaHandle | null;
  audit: Pick<AuditRepository, "record">;
}

function defaultDeps(): QueueActionDeps {
  return { mta: getMta(), audit: createAuditRepository() };
}

async function perform(mta: MtaHandle, a: TQueueAction): Promise<TQueueActionResult> {
  switch (a.action) {
    case "pause-queue":
      return outcome(await mta.pauseQueue(a.queue), `Queue ${a.queue} paused.`, `No queue ${a.queue}.`);
    case "resume-queue":
      return outcome(await mta.resumeQueue(a.queue), `Queue ${a.queue} resumed.`, `Queue ${a.queue} is not paused.`);
    case "pause-job":
      return outcome(await mta.pauseJob(a.jobId), `Job ${a.jobId} paused.`, `No queued mail has job ${a.jobId}.`);
    case "resume-job":
      return outcome(await mta.resumeJob(a.jobId), `Job ${a.jobId} resumed.`, `Job ${a.jobId} is not paused.`);
    case "retry-now":
      return outcome(await mta.retryNow(a.queue), `Queue ${a.queue} scheduled for delivery now.`, `No queue ${a.queue}.`);
    case "set-mode":
      return outcome(await mta.setQueueMode(a.queue, a.mode), `Queue ${a.queue} set to ${a.mode} mode.`, `No queue ${a.queue}.`);
    case "disable-source":
      return outcome(await mta.disableSource(a.ip, a.queue, a.reenableAfter), `Source ${a.ip} disabled for ${a.queue}.`, `No queue ${a.queue}.`);
    case "enable-source":
      return outcome(await mta.enableSource(a.ip, a.queue), `Source ${a.ip} enabled for ${a.queue}.`, `Source ${a.ip} is not disabled for ${a.queue}.`);
    case "delete": {
      const count = await mta.deleteRecipients({ queue: a.queue, jobId: a.jobId, sender: a.sender, olderThanMs: a.olderThan, dsn: a.dsn });
      const what = count === 1 ? "1 recipient" : `${count} recipients`;
      return { message: `${what} deleted${a.dsn ? " (senders get a DSN)" : ""}.`, changed: count > 0, count };
    }
  }
}

function outcome(changed: boolean, done: string, nothing: string): TQueueActionResult {
  if (!changed) throw new ExpectedError("NOTHING_TO_DO", nothing);
  return { message: done, changed };
}

function targetOf(a: TQueueAction): string {
  if ("queue" in a && a.queue) return a.queue;
  if ("jobId" in a && a.jobId) return `job:${a.jobId}`;
  return "*";
}

/** `actor` is a username, or `api-key:NAME` for API callers. */
export async function runQueueAction(actor: string, action: TQueueAction, deps: QueueActionDeps = defaultDeps()): Promise<TQueueActionResult> {
  if (!deps.mta) throw new ExpectedError("ENGINE_DOWN", "The MTA is not running in this process.");
  const result = await perform(deps.mta, action);
  const { action: name, ...detail } = action;
  await deps.audit.record({ actor, action: `queue.${name}`, target: targetOf(action), detail: { ...detail, result: result.message } });
  return result;
}

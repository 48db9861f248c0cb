/**
 * Queued mail per job (`pmta show jobs`), kept up to date as messages enter the queues and their
 * recipients finish, so the monitor never walks the queues to count. A message counts for its job
 * while any of its recipients is pending, in whichever queues they wait.
 */

import type { JobSnapshot } from "../handle";
import type { QueuedMessage } from "./queued-message";
import { TopK } from "./top-k";

/** The monitor shows at most this many jobs (the largest). */
export const MAX_JOBS_SHOWN = 1_000;

interface Tally {
  recipients: number;
  messages: number;
}

export class JobTally {
  private readonly jobs = new Map<string, Tally>();

  /** A message entered the queues with `msg.pendingCount` recipients pending. */
  added(msg: QueuedMessage): void {
    const id = msg.envelope.jobId;
    if (id === undefined || msg.pendingCount === 0) return;
    const t = this.jobs.get(id);
    if (t) {
      t.recipients += msg.pendingCount;
      t.messages++;
    } else this.jobs.set(id, { recipients: msg.pendingCount, messages: 1 });
  }

  /** `n` more recipients of `msg` finished (its pendingCount already lowered). */
  finished(msg: QueuedMessage, n: number): void {
    const id = msg.envelope.jobId;
    if (id === undefined || n === 0) return;
    const t = this.jobs.get(id);
    if (!t) return;
    t.recipients -= n;
    if (msg.pendingCount === 0) t.messages--;
    if (t.messages <= 0) this.jobs.delete(id);
  }

  get(jobId: string): Readonly<Tally> | undefined {
    return this.jobs.get(jobId);
  }

  /**
   * Jobs with queued mail, and the paused ones (with or without mail), most recipients first (then by
   * id), at most `limit`. O(jobs × log limit).
   */
  snapshot(paused: ReadonlySet<string>, limit = MAX_JOBS_SHOWN): JobSnapshot[] {
    const top = new TopK<JobSnapshot>(limit, before);
    for (const [id, t] of this.jobs) top.offer({ id, recipients: t.recipients, messages: t.messages, paused: paused.has(id) });
    for (const id of paused) if (!this.jobs.has(id)) top.offer({ id, recipients: 0, messages: 0, paused: true });
    return top.sorted();
  }
}

/** Whether `a` is listed before `b`. */
function before(a: JobSnapshot, b: JobSnapshot): boolean {
  return a.recipients !== b.recipients ? a.recipients > b.recipients : a.id < b.id;
}

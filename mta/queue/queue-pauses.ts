/**
 * Queues and jobs an operator paused (`pmta pause queue`, `pmta pause job`), kept in
 * `queue-pauses.json` beside the spool (state/state-file.ts) so a restart does not resume them.
 */

import type { Logger } from "../ports";
import { StateFile } from "../state/state-file";

type Saved = { queues: string[]; jobs: string[] };

export class QueuePauses {
  private readonly queues: Set<string>;
  private readonly jobs: Set<string>;
  private readonly saved: StateFile<Saved>;

  constructor(file: string | null, logger: Logger) {
    this.saved = new StateFile(file, "queue pauses", logger);
    const loaded = this.saved.load(isSaved, { queues: [], jobs: [] });
    this.queues = new Set(loaded.queues);
    this.jobs = new Set(loaded.jobs);
  }

  queuePaused(key: string): boolean {
    return this.queues.has(key);
  }

  jobPaused(jobId: string | undefined): boolean {
    return jobId !== undefined && this.jobs.has(jobId);
  }

  /** The paused job ids (live: do not keep it across changes). */
  pausedJobs(): ReadonlySet<string> {
    return this.jobs;
  }

  /** Pauses (or resumes) queue `key`; false when it already was. */
  setQueue(key: string, paused: boolean): boolean {
    return this.change(this.queues, key, paused);
  }

  /** Pauses (or resumes) job `jobId`; false when it already was. */
  setJob(jobId: string, paused: boolean): boolean {
    return this.change(this.jobs, jobId, paused);
  }

  flush(): void {
    this.saved.flush(this.current());
  }

  private change(set: Set<string>, name: string, paused: boolean): boolean {
    if (set.has(name) === paused) return false;
    if (paused) set.add(name);
    else set.delete(name);
    this.saved.changed(() => this.current());
    return true;
  }

  private current(): Saved {
    return { queues: [...this.queues], jobs: [...this.jobs] };
  }
}

function isSaved(value: unknown): value is Saved {
  const v = value as Partial<Saved> | null;
  const strings = (a: unknown) => Array.isArray(a) && a.every((s) => typeof s === "string");
  return typeof v === "object" && v !== null && strings(v.queues) && strings(v.jobs);
}

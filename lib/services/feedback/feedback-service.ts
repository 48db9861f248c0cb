/**
 * The console's side of the processors: the engine's `feedback` events (f, rb, rs records) are written
 * to the FeedbackRecord table in batches, off the engine's path, and every complainant (an `f`
 * record's rcpt) is added to the suppression lists that auto-add complaints.
 *
 * Out of the box no list auto-adds complaints, yet a complainant must be suppressed: on the first
 * complaint, when no list auto-adds complaints and none is named "complaints", a global list
 * "complaints" with auto-add of complaints on is created, audited as `system`. An operator who turns
 * that switch off (or keeps a "complaints" list without it) has opted out, and nothing is created again.
 */

import type { FeedbackRecord, MtaHandle } from "@/mta/index";
import { createFeedbackRecordRepository, type FeedbackRecordRepository } from "@/lib/db/feedback-record-repository";
import { addToAutoLists } from "@/lib/services/suppression/auto-add";
import { createSuppressionList, defaultSuppressionDeps, type SuppressionDeps } from "@/lib/services/suppression/manage-lists";

export const COMPLAINTS_LIST = "complaints";
const FLUSH_MS = 1_000;
const BATCH = 500;
const RETRY_MAX_MS = 30_000;

export interface FeedbackDeps {
  records: Pick<FeedbackRecordRepository, "insertMany">;
  suppression: SuppressionDeps;
}

export function defaultFeedbackDeps(): FeedbackDeps {
  return { records: createFeedbackRecordRepository(), suppression: defaultSuppressionDeps() };
}

export interface FeedbackService {
  /** Resolves when every record received so far is stored and its complainant suppressed. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Makes sure some list auto-adds complaints (see the file comment); resolves to whether one does. */
export async function ensureComplaintList(deps: SuppressionDeps): Promise<boolean> {
  if ((await deps.lists.autoAdding("complaints")).length > 0) return true;
  if (await deps.lists.findByName(COMPLAINTS_LIST)) return false;
  try {
    await createSuppressionList("system", { name: COMPLAINTS_LIST, scope: "global", scopeValue: "", hashOnly: false, autoAddBounces: false, autoAddComplaints: true }, deps);
  } catch (err) {
    // Created meanwhile by someone else: fine as long as some list now auto-adds complaints.
    if ((await deps.lists.autoAdding("complaints")).length === 0) throw err;
  }
  return true;
}

export function startFeedback(mta: Pick<MtaHandle, "events">, deps: FeedbackDeps = defaultFeedbackDeps()): FeedbackService {
  let pending: FeedbackRecord[] = [];
  let running: Promise<void> = Promise.resolve();
  let retryMs = FLUSH_MS;
  let warnedOptOut = false;

  const write = async (batch: FeedbackRecord[]) => {
    for (let i = 0; i < batch.length; i += BATCH) await deps.records.insertMany(batch.slice(i, i + BATCH));
    const complainants = batch.filter((r) => r.type === "f" && r.rcpt !== "").map((r) => r.rcpt);
    if (complainants.length === 0) return;
    if (!(await ensureComplaintList(deps.suppression))) {
      if (!warnedOptOut) console.warn(`feedback: no suppression list auto-adds complaints (the "${COMPLAINTS_LIST}" list has it off); complainants are not suppressed`);
      warnedOptOut = true;
      return;
    }
    await addToAutoLists("complaints", complainants, deps.suppression);
  };

  const flush = (): Promise<void> => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return running;
    running = running.then(() =>
      write(batch).then(
        () => {
          retryMs = FLUSH_MS;
        },
        (err) => {
          // Kept and retried with the next flush: a record is never dropped because the database was away.
          console.error("feedback: storing records failed; retrying", err);
          pending = [...batch, ...pending];
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          schedule(retryMs);
        },
      ),
    );
    return running;
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (ms: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
    timer.unref?.();
  };

  const off = mta.events.on("feedback", (r: FeedbackRecord) => {
    pending.push(r);
    if (pending.length >= BATCH) void flush();
    else schedule(FLUSH_MS);
  });

  return {
    async flush() {
      await flush();
      await running;
    },
    async stop() {
      off();
      if (timer) clearTimeout(timer);
      await flush();
      await running;
    },
  };
}

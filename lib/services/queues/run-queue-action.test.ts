import { describe, expect, it } from "vitest";
import type { MtaHandle } from "@/mta/index";
import type { AuditEntry } from "../../db/audit-repository";
import { ExpectedError } from "../../errors";
import { ZQueueAction } from "../../schemas/queue-action";
import { runQueueAction } from "./run-queue-action";

function engine(overrides: Partial<MtaHandle>): MtaHandle {
  return overrides as MtaHandle;
}

function audit() {
  const entries: AuditEntry[] = [];
  return { entries, record: async (e: AuditEntry) => void entries.push(e) };
}

describe("runQueueAction", () => {
  it("pauses a queue and audits who did it", async () => {
    const calls: string[] = [];
    const log = audit();
    const mta = engine({ pauseQueue: async (q) => (calls.push(q), true) });
    const r = await runQueueAction("alice", ZQueueAction.parse({ action: "pause-queue", queue: "gmail.com/v1" }), { mta, audit: log });
    expect(r).toEqual({ message: "Queue gmail.com/v1 paused.", changed: true });
    expect(calls).toEqual(["gmail.com/v1"]);
    expect(log.entries).toEqual([{ actor: "alice", action: "queue.pause-queue", target: "gmail.com/v1", detail: { queue: "gmail.com/v1", result: "Queue gmail.com/v1 paused." } }]);
  });

  it("says why nothing happened, and audits nothing", async () => {
    const log = audit();
    const mta = engine({ resumeJob: async () => false });
    const run = runQueueAction("bob", ZQueueAction.parse({ action: "resume-job", jobId: "j1" }), { mta, audit: log });
    await expect(run).rejects.toThrow(new ExpectedError("NOTHING_TO_DO", "Job j1 is not paused."));
    expect(log.entries).toEqual([]);
  });

  it("deletes with filters and an interval parsed from PowerMTA's syntax", async () => {
    const seen: unknown[] = [];
    const mta = engine({ deleteRecipients: async (f) => (seen.push(f), 3) });
    const action = ZQueueAction.parse({ action: "delete", jobId: "spring", olderThan: "1h30m", dsn: true });
    const r = await runQueueAction("op", action, { mta, audit: audit() });
    expect(seen).toEqual([{ queue: undefined, jobId: "spring", sender: undefined, olderThanMs: 5_400_000, dsn: true }]);
    expect(r.message).toBe("3 recipients deleted (senders get a DSN).");
  });

  it("refuses a delete without a queue or a job, and bad intervals and addresses", () => {
    expect(ZQueueAction.safeParse({ action: "delete", dsn: false }).success).toBe(false);
    expect(ZQueueAction.safeParse({ action: "delete", queue: "a.com", olderThan: "soon" }).success).toBe(false);
    expect(ZQueueAction.safeParse({ action: "disable-source", queue: "a.com/v1", ip: "300.1.1.1" }).success).toBe(false);
    expect(ZQueueAction.safeParse({ action: "set-mode", queue: "a b", mode: "normal" }).success).toBe(false);
  });

  it("fails clearly when the engine is not running", async () => {
    await expect(runQueueAction("op", ZQueueAction.parse({ action: "retry-now", queue: "x.com" }), { mta: null, audit: audit() })).rejects.toThrow("The MTA is not running");
  });
});

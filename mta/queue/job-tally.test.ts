import { describe, expect, it } from "vitest";
import { JobTally } from "./job-tally";
import { QueuedMessage } from "./queued-message";

let n = 0;
function message(jobId: string | undefined, recipients: number, done: number[] = []): QueuedMessage {
  const envelope = {
    id: `m${n++}`,
    receivedAt: 0,
    mailFrom: "a@b.test",
    recipients: Array.from({ length: recipients }, (_, i) => ({ address: `r${i}@x.test` })),
    source: { ip: "127.0.0.1", helo: "h", type: "smtp" as const },
    size: 10,
    ...(jobId === undefined ? {} : { jobId }),
  };
  return new QueuedMessage(envelope, new Set(done));
}

function finish(tally: JobTally, msg: QueuedMessage, indexes: number[]): void {
  tally.finished(msg, msg.markDone(indexes));
}

describe("JobTally", () => {
  it("counts pending recipients and messages per job, and forgets a job once its mail is done", () => {
    const tally = new JobTally();
    const a = message("camp1", 3);
    const b = message("camp1", 2, [1]);
    tally.added(a);
    tally.added(b);
    tally.added(message(undefined, 5));
    expect(tally.get("camp1")).toEqual({ recipients: 4, messages: 2 });
    finish(tally, a, [0, 1]);
    expect(tally.get("camp1")).toEqual({ recipients: 2, messages: 2 });
    finish(tally, a, [1, 2]);
    expect(tally.get("camp1")).toEqual({ recipients: 1, messages: 1 });
    finish(tally, b, [0]);
    expect(tally.get("camp1")).toBeUndefined();
    expect(tally.snapshot(new Set())).toEqual([]);
  });

  it("lists the largest jobs first, adds paused jobs without mail, and caps the list", () => {
    const tally = new JobTally();
    for (const [job, rcpts] of [["small", 1], ["big", 9], ["mid", 4], ["mid2", 4]] as const) tally.added(message(job, rcpts));
    expect(tally.snapshot(new Set(["mid", "gone"]))).toEqual([
      { id: "big", recipients: 9, messages: 1, paused: false },
      { id: "mid", recipients: 4, messages: 1, paused: true },
      { id: "mid2", recipients: 4, messages: 1, paused: false },
      { id: "small", recipients: 1, messages: 1, paused: false },
      { id: "gone", recipients: 0, messages: 0, paused: true },
    ]);
    expect(tally.snapshot(new Set(), 2).map((j) => j.id)).toEqual(["big", "mid"]);
  });

  it("keeps exactly the top 1,000 of many jobs", () => {
    const tally = new JobTally();
    const sizes = Array.from({ length: 5_000 }, (_, i) => ((i * 7919) % 5_000) + 1);
    sizes.forEach((size, i) => tally.added(message(`j${i}`, size)));
    const shown = tally.snapshot(new Set());
    expect(shown).toHaveLength(1_000);
    expect(shown.map((j) => j.recipients)).toEqual([...sizes].sort((x, y) => y - x).slice(0, 1_000));
  });
});

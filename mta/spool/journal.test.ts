import { describe, expect, it, vi } from "vitest";
import { CrashFs, type CrashFsOptions, type DiskImage } from "../testing/crash-fs";
import { createFsSpool, type FsSpoolOptions } from "./fs-spool";
import { capturingLogger, contentFor, spoolMessage } from "./fixtures";
import type { Spool } from "./spool";

const DIR = "/spool";

/** A spool on CrashFs that counts journal fdatasyncs, with `n` committed 3-recipient messages. */
async function setup(n: number, opts: Partial<FsSpoolOptions> = {}, fsOpts: CrashFsOptions = {}) {
  const counts = { journalSyncs: 0 };
  const fs = new CrashFs({
    ...fsOpts,
    fail: (call, path) => {
      if (call === "fdatasync" && path.includes("/journal/")) counts.journalSyncs++;
      return fsOpts.fail?.(call, path);
    },
  });
  const spool = createFsSpool({ dir: DIR, fs, logger: capturingLogger(), ...opts });
  await spool.open();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await spoolMessage(spool, i, contentFor(i, 100), { recipients: 3 })).id);
  return { fs, spool, ids, counts };
}

/** Recovers the disk as a power loss right now would leave it. */
async function recoverAfterPowerLoss(fs: CrashFs) {
  let last!: DiskImage;
  for (const [, image] of fs.crashImages()) last = image;
  const spool: Spool = createFsSpool({ dir: DIR, fs: new CrashFs({ latency: 0 }, last), logger: capturingLogger() });
  const recovered = await spool.open();
  await spool.close();
  return new Map(recovered.map((m) => [m.envelope.id, m]));
}

describe("journal", () => {
  it("markDone is durable on resolve, and concurrent calls share fdatasyncs", async () => {
    const { fs, spool, ids, counts } = await setup(30);
    const before = counts.journalSyncs;
    await Promise.all(ids.map((id, i) => spool.markDone(id, [i % 3])));
    expect(counts.journalSyncs - before).toBeLessThan(ids.length / 3);
    const recovered = await recoverAfterPowerLoss(fs);
    ids.forEach((id, i) => expect(recovered.get(id)!.done).toEqual(new Set([i % 3])));
    await spool.close();
  });

  it("setSchedule rides on the next markDone's sync", async () => {
    const { fs, spool, ids } = await setup(2, { journalFlushDelayMs: 60_000 });
    spool.setSchedule(ids[0], 4, 1_900_000_000_000);
    await spool.markDone(ids[1], [0]);
    expect((await recoverAfterPowerLoss(fs)).get(ids[0])).toMatchObject({ attempts: 4, nextAttemptAt: 1_900_000_000_000 });
    await spool.close();
  });

  it("setSchedule alone is synced by the flush timer", async () => {
    const { fs, spool, ids, counts } = await setup(1, { journalFlushDelayMs: 5 });
    const before = counts.journalSyncs;
    spool.setSchedule(ids[0], 2, 1_900_000_000_000);
    expect((await recoverAfterPowerLoss(fs)).get(ids[0])!.attempts).toBe(0); // not yet durable
    await vi.waitFor(() => expect(counts.journalSyncs).toBeGreaterThan(before));
    expect((await recoverAfterPowerLoss(fs)).get(ids[0])!.attempts).toBe(2);
    await spool.close();
  });

  it("close() flushes pending schedules", async () => {
    const { fs, spool, ids } = await setup(1, { journalFlushDelayMs: 60_000 });
    spool.setSchedule(ids[0], 7, 1_900_000_000_000);
    await spool.close();
    expect((await recoverAfterPowerLoss(fs)).get(ids[0])!.attempts).toBe(7);
  });

  it("rolls over to a snapshot segment at runtime and keeps one segment", async () => {
    const { fs, spool, ids } = await setup(5, { journalMaxBytes: 200 });
    for (let round = 0; round < 2; round++) {
      for (const id of ids) {
        spool.setSchedule(id, round + 1, 1_800_000_000_000 + round);
        await spool.markDone(id, [round]);
      }
    }
    await spool.markDone(ids[4], [0, 1, 2]);
    await spool.remove(ids[4]);
    await spool.markDone(ids[0], [0]);
    const segments = (await fs.readdir(`${DIR}/journal`)).filter((n) => n.endsWith(".jnl"));
    expect(segments).toHaveLength(1);
    expect(Number(segments[0].slice(0, 12))).toBeGreaterThan(3);
    const recovered = await recoverAfterPowerLoss(fs);
    expect([...recovered.keys()].sort()).toEqual(ids.slice(0, 4).sort());
    for (const id of ids.slice(0, 4)) expect(recovered.get(id)).toMatchObject({ done: new Set([0, 1]), attempts: 2 });
    await spool.close();
  });

  it("after a failed fdatasync, moves to a fresh segment and loses nothing it acknowledged", async () => {
    let failNext = false;
    const { fs, spool, ids } = await setup(2, {}, {
      fail: (call, path) => {
        if (failNext && call === "fdatasync" && path.includes("/journal/")) {
          failNext = false;
          return Object.assign(new Error("EIO"), { code: "EIO" });
        }
        return undefined;
      },
    });
    const segmentBefore = (await fs.readdir(`${DIR}/journal`))[0];
    failNext = true;
    await expect(spool.markDone(ids[0], [1])).rejects.toMatchObject({ code: "EIO" });
    await spool.markDone(ids[1], [2]);
    expect((await fs.readdir(`${DIR}/journal`))[0]).not.toBe(segmentBefore);
    const recovered = await recoverAfterPowerLoss(fs);
    expect(recovered.get(ids[1])!.done).toEqual(new Set([2]));
    expect(recovered.get(ids[0])!.done).toEqual(new Set([1])); // carried by the snapshot
    await spool.close();
  });

  it("ignores recipient indexes that are not indexes", async () => {
    const { fs, spool, ids } = await setup(1);
    await spool.markDone(ids[0], [1, -1, 1.5, Number.NaN]);
    expect((await recoverAfterPowerLoss(fs)).get(ids[0])!.done).toEqual(new Set([1]));
    await spool.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsSpool } from "./fs-spool";
import { nodeSpoolFs, type SpoolFs } from "./spool-fs";
import { FLUSH_BYTES } from "./message-writer";
import { capturingLogger, contentFor, envelopeFor, readAll, spoolMessage } from "./fixtures";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hermod-spool-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Call = { name: string; path?: string; fd?: number; to?: string; bytes?: number };

/** The real fs, recording each call with the path behind each descriptor (R2a at unit level). */
function recordingFs(): { fs: SpoolFs; calls: Call[] } {
  const calls: Call[] = [];
  const paths = new Map<number, string>();
  const fs: SpoolFs = {
    ...nodeSpoolFs,
    open: async (path, mode) => {
      const fd = await nodeSpoolFs.open(path, mode);
      paths.set(fd, path);
      calls.push({ name: "open", path, fd });
      return fd;
    },
    writev: async (fd, chunks, pos) => {
      calls.push({ name: "writev", path: paths.get(fd), bytes: chunks.reduce((n, c) => n + c.length, 0) });
      return nodeSpoolFs.writev(fd, chunks, pos);
    },
    fdatasync: async (fd) => {
      await nodeSpoolFs.fdatasync(fd);
      calls.push({ name: "fdatasync", path: paths.get(fd) });
    },
    fsync: async (fd) => {
      await nodeSpoolFs.fsync(fd);
      calls.push({ name: "fsync", path: paths.get(fd) });
    },
    close: async (fd) => {
      calls.push({ name: "close", path: paths.get(fd) });
      return nodeSpoolFs.close(fd);
    },
    rename: async (from, to) => {
      await nodeSpoolFs.rename(from, to);
      calls.push({ name: "rename", path: from, to });
    },
  };
  return { fs, calls };
}

describe("fs spool on the real file system", () => {
  it("commits, streams the exact content back, and survives a restart", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    expect(await spool.open()).toEqual([]);
    const content = contentFor(1, 200_000);
    const envelope = await spoolMessage(spool, 1, content, { chunk: 7000 });
    expect(envelope.size).toBe(200_000);
    expect(envelope.id).toMatch(/^[0-9a-z]{20}$/);
    expect((await readAll(spool.readBody(envelope.id))).equals(content)).toBe(true);
    expect(spool.stats().messages).toBe(1);
    expect(spool.stats().bytes).toBeGreaterThan(200_000);
    expect(await spool.freeBytes()).toBeGreaterThan(0);
    await spool.close();

    const again = createFsSpool({ dir, logger: capturingLogger() });
    const recovered = await again.open();
    expect(recovered).toEqual([{ envelope, done: new Set(), attempts: 0, nextAttemptAt: 0 }]);
    expect((await readAll(again.readBody(envelope.id))).equals(content)).toBe(true);
    expect(again.stats()).toEqual(spool.stats());
    await again.close();
  });

  it("commits a fresh id in place: write, fdatasync, close, fsync(queue/) — then resolves", async () => {
    const { fs, calls } = recordingFs();
    const spool = createFsSpool({ dir, fs, logger: capturingLogger() });
    await spool.open();
    calls.length = 0;
    const w = await spool.create(envelopeFor(1));
    await w.write(Buffer.from("Subject: x\r\n\r\nhello\r\n"));
    expect(calls).toEqual([]); // a small message costs no syscall before commit
    await w.commit();
    const queue = join(dir, "queue");
    expect(calls.map((c) => c.name)).toEqual(["open", "writev", "fdatasync", "close", "fsync"]);
    for (const i of [0, 1, 2]) expect(calls[i]).toMatchObject({ path: join(queue, w.id) });
    expect(calls[4]).toMatchObject({ path: queue });
    await spool.close();
  });

  it("commits an explicit id through tmp/: fdatasync, close, rename, fsync(queue/)", async () => {
    const { fs, calls } = recordingFs();
    const spool = createFsSpool({ dir, fs, logger: capturingLogger() });
    await spool.open();
    calls.length = 0;
    const w = await spool.create(envelopeFor(1), { id: "dsn0explicit" });
    await w.write(Buffer.from("Subject: x\r\n\r\nhello\r\n"));
    await w.commit();
    const tmp = calls[0].path!;
    const queue = join(dir, "queue");
    expect(tmp.startsWith(join(dir, "tmp"))).toBe(true);
    expect(calls.map((c) => c.name)).toEqual(["open", "writev", "fdatasync", "close", "rename", "fsync"]);
    expect(calls[4]).toMatchObject({ path: tmp, to: join(queue, "dsn0explicit") });
    expect(calls[5]).toMatchObject({ path: queue });
    await spool.close();
  });

  it("streams large content to disk during write(), in batches of at most FLUSH_BYTES plus one chunk", async () => {
    const { fs, calls } = recordingFs();
    const spool = createFsSpool({ dir, fs, logger: capturingLogger() });
    await spool.open();
    calls.length = 0;
    const w = await spool.create(envelopeFor(2));
    const chunk = 10_000;
    for (let i = 0; i < 100; i++) await w.write(contentFor(i, chunk));
    const writes = calls.filter((c) => c.name === "writev");
    expect(writes.length).toBeGreaterThanOrEqual(Math.floor((100 * chunk) / (FLUSH_BYTES + chunk)));
    for (const c of writes) expect(c.bytes).toBeLessThanOrEqual(FLUSH_BYTES + chunk);
    await w.commit();
    await spool.close();
  });

  it("shares the queue directory fsync between concurrent commits", async () => {
    const { fs, calls } = recordingFs();
    const spool = createFsSpool({ dir, fs, logger: capturingLogger() });
    await spool.open();
    calls.length = 0;
    await Promise.all(Array.from({ length: 40 }, (_, i) => spoolMessage(spool, i, contentFor(i, 2048))));
    const dirSyncs = calls.filter((c) => c.name === "fsync" && c.path === join(dir, "queue")).length;
    expect(calls.filter((c) => c.name === "fdatasync")).toHaveLength(40);
    expect(dirSyncs).toBeLessThan(40);
    expect(spool.stats().messages).toBe(40);
    await spool.close();
  });

  it("keeps done recipients and schedules across restarts, and forgets removed messages", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    const a = await spoolMessage(spool, 1, contentFor(1, 100), { recipients: 3 });
    const b = await spoolMessage(spool, 2, contentFor(2, 100), { recipients: 1 });
    const c = await spoolMessage(spool, 3, contentFor(3, 100), { recipients: 1 });
    await spool.markDone(a.id, [0, 2]);
    spool.setSchedule(a.id, 2, 1_800_000_000_000);
    await spool.markDone(b.id, [0]);
    await spool.remove(b.id);
    await spool.markDone(c.id, [0]); // all done but not removed: dropped at recovery
    await spool.close();

    const again = createFsSpool({ dir, logger: capturingLogger() });
    const recovered = await again.open();
    expect(recovered.map((m) => m.envelope.id)).toEqual([a.id]);
    expect(recovered[0]).toMatchObject({ done: new Set([0, 2]), attempts: 2, nextAttemptAt: 1_800_000_000_000 });
    expect(readdirSync(join(dir, "queue"))).toEqual([a.id]);
    expect(readdirSync(join(dir, "journal"))).toHaveLength(1);
    await again.close();
  });

  it("makes an explicit id idempotent: a second commit replaces the first atomically", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    await spoolMessage(spool, 1, Buffer.from("first version"), { id: "dsn0001" });
    const second = await spoolMessage(spool, 1, Buffer.from("second"), { id: "dsn0001" });
    expect(second.id).toBe("dsn0001");
    expect((await readAll(spool.readBody("dsn0001"))).toString()).toBe("second");
    expect(spool.stats().messages).toBe(1);
    await expect(spool.create(envelopeFor(1), { id: "../etc" })).rejects.toThrow(RangeError);
    await spool.close();
    const again = createFsSpool({ dir, logger: capturingLogger() });
    expect((await again.open()).map((m) => m.envelope.size)).toEqual([6]);
    await again.close();
  });

  it("abort removes the unfinished file, is idempotent, and is a no-op after commit", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    const w = await spool.create(envelopeFor(1));
    await w.write(contentFor(1, 3 * FLUSH_BYTES));
    expect(readdirSync(join(dir, "queue"))).toEqual([w.id]);
    await w.abort();
    await w.abort();
    expect(readdirSync(join(dir, "queue"))).toEqual([]);
    expect(readdirSync(join(dir, "tmp"))).toEqual([]);
    await expect(w.write(Buffer.from("x"))).rejects.toThrow(/aborted/);
    await expect(w.commit()).rejects.toThrow(/aborted/);
    const done = await spool.create(envelopeFor(2));
    await done.write(Buffer.from("x"));
    await done.commit();
    await done.abort();
    expect(readdirSync(join(dir, "queue"))).toEqual([done.id]);
    await spool.close();
  });

  it("close() lets pending commits finish; the spool refuses work afterwards", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    const pending = Array.from({ length: 10 }, (_, i) => spoolMessage(spool, i, contentFor(i, 5000)));
    await new Promise((r) => setImmediate(r));
    const closing = spool.close();
    const settled = await Promise.allSettled(pending);
    await closing;
    const committed = settled.filter((s) => s.status === "fulfilled").length;
    expect(readdirSync(join(dir, "queue"))).toHaveLength(committed);
    await expect(spool.create(envelopeFor(1))).rejects.toThrow(/not open/);
    await expect(spool.markDone("x", [0])).rejects.toThrow(/not open/);
  });

  it("reports an unknown id through the body stream", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    await expect(readAll(spool.readBody("nope"))).rejects.toMatchObject({ code: "ENOENT" });
    await spool.close();
  });

  it("refuses a second open", async () => {
    const spool = createFsSpool({ dir, logger: capturingLogger() });
    await spool.open();
    await expect(spool.open()).rejects.toThrow(/once/);
    await spool.close();
  });
});

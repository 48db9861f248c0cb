import { describe, expect, it } from "vitest";
import { CrashFs, type CrashFsOptions } from "../testing/crash-fs";
import { createFsSpool } from "./fs-spool";
import { FLUSH_BYTES } from "./message-writer";
import { capturingLogger, contentFor, envelopeFor, readAll, spoolMessage } from "./fixtures";

const DIR = "/spool";

async function openSpool(opts: CrashFsOptions) {
  const fs = new CrashFs(opts);
  const spool = createFsSpool({ dir: DIR, fs, logger: capturingLogger() });
  await spool.open();
  return { fs, spool };
}

const eio = (code: string) => Object.assign(new Error(code), { code });

describe("commit path failures (the listener answers 451 4.3.0)", () => {
  it("ENOSPC during write rejects, removes the partial file, and later mail still works", async () => {
    const { fs, spool } = await openSpool({ capacityBytes: 150_000 });
    const w = await spool.create(envelopeFor(1));
    let failure: unknown;
    try {
      for (let i = 0; i < 20; i++) await w.write(contentFor(i, FLUSH_BYTES / 2));
    } catch (err) {
      failure = err;
    }
    expect(failure).toMatchObject({ code: "ENOSPC" });
    await expect(w.commit()).rejects.toThrow();
    await w.abort();
    await w.abort();
    expect(await fs.readdir(`${DIR}/tmp`)).toEqual([]);
    expect(await fs.readdir(`${DIR}/queue`)).toEqual([]);
    const small = await spoolMessage(spool, 2, contentFor(2, 1000));
    expect((await readAll(spool.readBody(small.id))).equals(contentFor(2, 1000))).toBe(true);
    await spool.close();
  });

  it("ENOSPC on the final write (inside commit) rejects with nothing left behind", async () => {
    const { fs, spool } = await openSpool({ capacityBytes: 4000 });
    await expect(spoolMessage(spool, 1, contentFor(1, 5000))).rejects.toMatchObject({ code: "ENOSPC" });
    expect(await fs.readdir(`${DIR}/tmp`)).toEqual([]);
    expect(await fs.readdir(`${DIR}/queue`)).toEqual([]);
    expect(spool.stats()).toEqual({ messages: 0, bytes: 0 });
    await spool.close();
  });

  for (const call of ["open", "writev", "fdatasync", "rename", "fsync"] as const) {
    it(`a failing ${call} rejects the commit and leaves no file in queue/ or tmp/`, async () => {
      let armed = false;
      const { fs, spool } = await openSpool({
        // fsync is also used on other directories; fail only the queue/ one of the commit.
        fail: (name, path) =>
          armed && name === call && (call !== "fsync" || path.endsWith("/queue")) ? eio("EIO") : undefined,
      });
      // Only an explicit id goes through tmp/ and a rename; a fresh id is written in place.
      const w = await spool.create(envelopeFor(1), call === "rename" ? { id: "explicit1" } : undefined);
      await w.write(contentFor(1, 3000));
      armed = true;
      await expect(w.commit()).rejects.toMatchObject({ code: "EIO" });
      armed = false;
      await w.abort();
      expect(await fs.readdir(`${DIR}/queue`)).toEqual([]);
      expect(await fs.readdir(`${DIR}/tmp`)).toEqual([]);
      expect(spool.stats().messages).toBe(0);
      await spool.close();
    });
  }

  it("a failed directory fsync after replacing a live id keeps the (complete) new file", async () => {
    let armed = false;
    const { fs, spool } = await openSpool({
      fail: (name, path) => (armed && name === "fsync" && path.endsWith("/queue") ? eio("EIO") : undefined),
    });
    await spoolMessage(spool, 1, Buffer.from("v1"), { id: "dsn1" });
    armed = true;
    await expect(spoolMessage(spool, 1, Buffer.from("v2"), { id: "dsn1" })).rejects.toMatchObject({ code: "EIO" });
    armed = false;
    expect(await fs.readdir(`${DIR}/queue`)).toEqual(["dsn1"]);
    expect((await readAll(spool.readBody("dsn1"))).toString()).toBe("v2");
    await spool.close();
  });

  it("abort during an in-flight commit waits for it and then leaves the outcome alone", async () => {
    const { fs, spool } = await openSpool({});
    const w = await spool.create(envelopeFor(1));
    await w.write(Buffer.from("hello"));
    const committing = w.commit();
    await w.abort();
    await committing;
    expect(await fs.readdir(`${DIR}/queue`)).toEqual([w.id]);
    await spool.close();
  });
});

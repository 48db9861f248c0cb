import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CrashFs, type DiskImage } from "./crash-fs";

const text = (s: string) => Buffer.from(s);

/** Path → content of every file in an image (directories implied). */
function files(image: DiskImage): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (ino: number, path: string) => {
    const n = image.get(ino)!;
    if (n.kind === "file") out[path] = n.data.toString();
    else for (const [name, child] of n.entries) walk(child, `${path}/${name}`);
  };
  walk(1, "");
  return out;
}

function lastImage(fs: CrashFs): DiskImage {
  let last!: DiskImage;
  for (const [, image] of fs.crashImages()) last = image;
  return last;
}

async function syncDir(fs: CrashFs, path: string) {
  const fd = await fs.open(path, "read");
  await fs.fsync(fd);
  await fs.close(fd);
}

async function writeFile(fs: CrashFs, path: string, content: string, sync: boolean) {
  const fd = await fs.open(path, "write");
  await fs.writev(fd, [text(content)], 0);
  if (sync) await fs.fdatasync(fd);
  await fs.close(fd);
}

describe("CrashFs", () => {
  it("behaves as a file system while the power is on", async () => {
    const fs = new CrashFs();
    await fs.mkdir("/s/q");
    await writeFile(fs, "/s/q/a", "hello world", false);
    const fd = await fs.open("/s/q/a", "read");
    expect(await fs.size(fd)).toBe(11);
    const buf = Buffer.alloc(5);
    expect(await fs.read(fd, buf, 6)).toBe(5);
    expect(buf.toString()).toBe("world");
    expect(await fs.read(fd, Buffer.alloc(4), 20)).toBe(0);
    await fs.close(fd);
    await fs.rename("/s/q/a", "/s/b");
    expect(await fs.readdir("/s")).toEqual(["q", "b"]);
    const chunks: Buffer[] = [];
    for await (const c of fs.createReadStream("/s/b", 2, 4)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("llo");
    await fs.unlink("/s/b");
    await expect(fs.open("/s/b", "read")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.close(99)).rejects.toMatchObject({ code: "EBADF" });
  });

  it("loses unsynced data and unsynced directory entries at a crash", async () => {
    const fs = new CrashFs();
    await fs.mkdir("/d");
    await syncDir(fs, "/");
    await writeFile(fs, "/d/synced-data-only", "abc", true);
    expect(files(lastImage(fs))).toEqual({}); // name never made durable
    await syncDir(fs, "/d");
    await writeFile(fs, "/d/name-only", "xyz", false);
    await syncDir(fs, "/d");
    expect(files(lastImage(fs))).toEqual({ "/d/synced-data-only": "abc", "/d/name-only": "" });
  });

  it("makes a cross-directory rename durable per directory (both or neither name may survive)", async () => {
    const fs = new CrashFs();
    await fs.mkdir("/tmp");
    await fs.mkdir("/q");
    await syncDir(fs, "/");
    await writeFile(fs, "/tmp/m", "msg", true);
    await syncDir(fs, "/tmp");
    await fs.rename("/tmp/m", "/q/m");
    await syncDir(fs, "/q");
    expect(files(lastImage(fs))).toEqual({ "/tmp/m": "msg", "/q/m": "msg" });
    const other = new CrashFs();
    await other.mkdir("/tmp");
    await other.mkdir("/q");
    await syncDir(other, "/");
    await writeFile(other, "/tmp/m", "msg", true);
    await syncDir(other, "/tmp");
    await other.rename("/tmp/m", "/q/m");
    await syncDir(other, "/tmp");
    expect(files(lastImage(other))).toEqual({});
  });

  it("yields one image per cut point, each a durable prefix", async () => {
    const fs = new CrashFs();
    await fs.mkdir("/d");
    await syncDir(fs, "/");
    await writeFile(fs, "/d/f", "one", true);
    await syncDir(fs, "/d");
    const fd = await fs.open("/d/f", "write"); // truncates
    await fs.writev(fd, [text("two")], 0);
    const seen = [...fs.crashImages()].map(([k, image]) => [k, files(image)["/d/f"]]);
    expect(seen.length).toBe(fs.ops.length + 1);
    expect(seen[0]).toEqual([0, undefined]);
    expect(seen[seen.length - 1][1]).toBe("one"); // truncate and rewrite never synced
  });

  it("restores an image as a fully durable disk", async () => {
    const fs = new CrashFs();
    await fs.mkdir("/d");
    await syncDir(fs, "/");
    await writeFile(fs, "/d/f", "kept", true);
    await syncDir(fs, "/d");
    const restored = new CrashFs({}, lastImage(fs));
    expect(files(lastImage(restored))).toEqual({ "/d/f": "kept" });
    await restored.unlink("/d/f");
    expect(files(lastImage(restored))).toEqual({ "/d/f": "kept" }); // unlink not yet durable
  });

  it("with an rng keeps only prefixes of unsynced bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), fc.nat(), async (synced, extra, seed) => {
        const fs = new CrashFs();
        await fs.mkdir("/d");
        await syncDir(fs, "/");
        const fd = await fs.open("/d/f", "write");
        await fs.writev(fd, [text(synced)], 0);
        await fs.fdatasync(fd);
        await fs.writev(fd, [text(extra)], Buffer.byteLength(synced));
        await syncDir(fs, "/d");
        let s = seed;
        const rng = (max: number) => (s = (s * 1103515245 + 12345) % 2 ** 31) % (max + 1);
        let last!: DiskImage;
        for (const [, image] of fs.crashImages(rng)) last = image;
        const got = Buffer.from(files(last)["/d/f"]);
        const full = Buffer.concat([text(synced), text(extra)]);
        expect(got.length).toBeGreaterThanOrEqual(Buffer.byteLength(synced));
        expect(full.subarray(0, got.length).equals(got)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("ignoreSync makes fsyncs no-ops (the negative control switch)", async () => {
    const fs = new CrashFs({ ignoreSync: "all" });
    await fs.mkdir("/d");
    await syncDir(fs, "/");
    await writeFile(fs, "/d/f", "data", true);
    await syncDir(fs, "/d");
    expect(files(lastImage(fs))).toEqual({});
    expect(fs.ops.some((op) => op.t === "sync")).toBe(false);
  });

  it("fails writes past capacity with a short write, then ENOSPC", async () => {
    const fs = new CrashFs({ capacityBytes: 10 });
    await fs.mkdir("/d");
    const fd = await fs.open("/d/f", "write");
    expect(await fs.writev(fd, [text("12345678"), text("90abc")], 0)).toBe(10);
    await expect(fs.writev(fd, [text("x")], 10)).rejects.toMatchObject({ code: "ENOSPC" });
    expect((await fs.statfs("/")).bavail).toBe(0);
    await fs.close(fd);
    await fs.unlink("/d/f");
    expect((await fs.statfs("/")).bavail).toBe(0); // 10 bytes free < one 4 KiB block
  });

  it("injects errors before any effect", async () => {
    const eio = Object.assign(new Error("EIO"), { code: "EIO" });
    const fs = new CrashFs({ fail: (call) => (call === "rename" ? eio : undefined) });
    await fs.mkdir("/d");
    await writeFile(fs, "/d/a", "x", false);
    await expect(fs.rename("/d/a", "/d/b")).rejects.toMatchObject({ code: "EIO" });
    expect(await fs.readdir("/d")).toEqual(["a"]);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { crc32 } from "node:zlib";
import { CrashFs } from "../testing/crash-fs";
import { BodyChecksumError, openBodyStream } from "./body-stream";
import { readAll } from "./fixtures";

async function fileWith(bytes: Buffer): Promise<CrashFs> {
  const fs = new CrashFs({ latency: 0 });
  const fd = await fs.open("/f", "write");
  await fs.writev(fd, [bytes], 0);
  await fs.close(fd);
  return fs;
}

describe("body stream", () => {
  it("yields exactly the content bytes between header and trailer", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200_000 }), fc.nat({ max: 100 }), async (raw, headerLen) => {
        const content = Buffer.from(raw);
        const fs = await fileWith(Buffer.concat([Buffer.alloc(headerLen, 1), content, Buffer.alloc(16, 2)]));
        const layout = { bodyStart: headerLen, size: content.length, crc: crc32(content), fileBytes: 0 };
        const got = await readAll(openBodyStream(fs, "/f", "id", layout, () => undefined));
        expect(got.equals(content)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it("on a checksum mismatch errors before the consumer has seen every byte", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300_000 }), fc.nat(), async (size, at) => {
        const content = Buffer.alloc(size, 7);
        const damaged = Buffer.from(content);
        damaged[at % size] ^= 1;
        const fs = await fileWith(damaged);
        let seen = 0;
        let reported: BodyChecksumError | undefined;
        const stream = openBodyStream(fs, "/f", "m1", { bodyStart: 0, size, crc: crc32(content), fileBytes: 0 }, (e) => {
          reported = e;
        });
        stream.on("data", (c: Buffer) => (seen += c.length));
        const ended = new Promise((res, rej) => stream.on("end", res).on("error", rej));
        await expect(ended).rejects.toBeInstanceOf(BodyChecksumError);
        expect(seen).toBeLessThan(size);
        expect(reported?.id).toBe("m1");
      }),
      { numRuns: 30 },
    );
  });

  it("reports a file that is shorter than its layout", async () => {
    const fs = await fileWith(Buffer.alloc(10));
    const stream = openBodyStream(fs, "/f", "m", { bodyStart: 0, size: 20, crc: 0, fileBytes: 0 }, () => undefined);
    await expect(readAll(stream)).rejects.toBeInstanceOf(BodyChecksumError);
  });

  it("passes on read errors (e.g. the file was removed)", async () => {
    const fs = new CrashFs({ latency: 0 });
    const stream = openBodyStream(fs, "/missing", "m", { bodyStart: 0, size: 5, crc: 0, fileBytes: 0 }, () => undefined);
    await expect(readAll(stream)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

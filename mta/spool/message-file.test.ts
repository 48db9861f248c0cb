import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { crc32 } from "node:zlib";
import { CrashFs } from "../testing/crash-fs";
import type { Envelope } from "./spool";
import { CorruptMessageError, encodeHeader, encodeTrailer, readMessageFile } from "./message-file";
import { envelopeFor } from "./fixtures";

const ID = "0abc";

function fileBytes(envelope: Omit<Envelope, "size">, content: Buffer): Buffer {
  return Buffer.concat([encodeHeader(envelope), content, encodeTrailer(content.length, crc32(content))]);
}

async function put(bytes: Buffer): Promise<CrashFs> {
  const fs = new CrashFs({ latency: 0 });
  await fs.mkdir("/q");
  const fd = await fs.open(`/q/${ID}`, "write");
  await fs.writev(fd, [bytes], 0);
  await fs.close(fd);
  return fs;
}

describe("queue file format", () => {
  it("round-trips envelope and layout", async () => {
    const envelope = { ...envelopeFor(1), id: ID, envId: "e1", dsnFor: { id: "zz", recipients: [1] } };
    const content = Buffer.from("Subject: hi\r\n\r\nbody\r\n");
    const bytes = fileBytes(envelope, content);
    const got = await readMessageFile(await put(bytes), `/q/${ID}`, ID);
    expect(got.envelope).toEqual({ ...envelope, size: content.length });
    const { bodyStart, size, crc, fileBytes: total } = got.layout;
    expect(bytes.subarray(bodyStart, bodyStart + size).equals(content)).toBe(true);
    expect(crc).toBe(crc32(content));
    expect(total).toBe(bytes.length);
  });

  it("does not store a caller-provided size (the trailer is the truth)", () => {
    const header = encodeHeader({ ...envelopeFor(1), id: ID, size: 999 } as Envelope);
    expect(header.toString("utf8")).not.toContain("999");
  });

  it("detects every truncation", async () => {
    const bytes = fileBytes({ ...envelopeFor(2), id: ID }, Buffer.alloc(300, 7));
    for (let cut = 0; cut < bytes.length; cut++) {
      await expect(readMessageFile(await put(bytes.subarray(0, cut)), `/q/${ID}`, ID)).rejects.toBeInstanceOf(
        CorruptMessageError,
      );
    }
  });

  it("detects damage to the header, magic or trailer, and foreign ids", async () => {
    const bytes = fileBytes({ ...envelopeFor(3), id: ID }, Buffer.alloc(50, 1));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const damaged = Buffer.from(bytes);
        damaged[at] ^= xor;
        const inContent = at >= bytes.length - 16 - 50 && at < bytes.length - 16;
        const inContentCrc = at >= bytes.length - 4;
        const result = readMessageFile(await put(damaged), `/q/${ID}`, ID);
        // Content damage is caught by the content checksum while streaming (body-stream.test.ts).
        if (inContent || inContentCrc) await expect(result).resolves.toBeDefined();
        else await expect(result).rejects.toBeInstanceOf(CorruptMessageError);
      }),
      { numRuns: 200 },
    );
    await expect(readMessageFile(await put(bytes), `/q/${ID}`, "other")).rejects.toBeInstanceOf(CorruptMessageError);
  });

  it("rejects well-formed files holding foreign JSON", async () => {
    const json = Buffer.from(JSON.stringify({ id: ID, hello: 1 }));
    const head = Buffer.alloc(8);
    head.write("HMS1", 0, "latin1");
    head.writeUInt32BE(json.length, 4);
    const pre = Buffer.concat([head, json]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(pre));
    const bytes = Buffer.concat([pre, crc, encodeTrailer(0, 0)]);
    await expect(readMessageFile(await put(bytes), `/q/${ID}`, ID)).rejects.toThrow(/shape/);
  });
});

describe("queue file with an envelope addendum (inbound authentication results)", () => {
  const inboundAuth = { header: "Authentication-Results: mx.test;\r\n spf=pass\r\n", arc: { authResults: "mx.test;\r\n spf=pass", cv: "none" as const } };
  const withAddendum = (content: Buffer) =>
    Buffer.concat([encodeHeader({ ...envelopeFor(4), id: ID }), content, encodeTrailer(content.length, crc32(content), { inboundAuth })]);

  it("round-trips the addendum into the envelope, the content layout unchanged", async () => {
    const content = Buffer.from("Subject: hi\r\n\r\nbody\r\n");
    const bytes = withAddendum(content);
    const got = await readMessageFile(await put(bytes), `/q/${ID}`, ID);
    expect(got.envelope.inboundAuth).toEqual(inboundAuth);
    expect(got.envelope.size).toBe(content.length);
    expect(bytes.subarray(got.layout.bodyStart, got.layout.bodyStart + got.layout.size).equals(content)).toBe(true);
    expect(got.layout.fileBytes).toBe(bytes.length);
  });

  it("writes the plain version-1 trailer when the addendum is empty", () => {
    expect(encodeTrailer(5, 1, {})).toEqual(encodeTrailer(5, 1));
  });

  it("detects every truncation", async () => {
    const bytes = withAddendum(Buffer.alloc(40, 7));
    for (let cut = 0; cut < bytes.length; cut++) {
      await expect(readMessageFile(await put(bytes.subarray(0, cut)), `/q/${ID}`, ID)).rejects.toBeInstanceOf(CorruptMessageError);
    }
  });

  it("detects damage to the addendum, its length and checksum", async () => {
    const bytes = withAddendum(Buffer.alloc(30, 1));
    const addendumStart = bytes.length - 16 - 8 - Buffer.byteLength(JSON.stringify({ inboundAuth }));
    for (let at = addendumStart; at < bytes.length - 16; at++) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x41;
      await expect(readMessageFile(await put(damaged), `/q/${ID}`, ID), `byte ${at}`).rejects.toBeInstanceOf(CorruptMessageError);
    }
  });
});

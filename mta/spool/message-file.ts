/**
 * The queue file: one file per message, envelope and content together, so a single rename commits
 * both (no sidecar that could survive without its data).
 *
 * Format, version 1. Integers are big-endian; H is the envelope length, N the content length.
 *
 *   offset      size  field
 *   0           4     magic "HMS1"
 *   4           4     H
 *   8           H     envelope as UTF-8 JSON: the `Envelope` without `size` (size is N)
 *   8+H         4     crc32 (zlib) of bytes [0, 8+H): the header checksum
 *   12+H        N     content, exactly the bytes given to `SpoolWriter.write`
 *   12+H+N      16    trailer: magic "HME1" (4), N as uint64 (8), crc32 of the content (4)
 *
 * The file is 28+H+N bytes long. The trailer is written last, so a file cut short anywhere fails the
 * length check (the Postfix END record, made checkable without reading the content). Recovery
 * checks the structure (both magics, the header checksum, the length); the content checksum is
 * checked while the content is streamed out (`body-stream.ts`), because reading every byte of a
 * million-message spool at start would delay the first delivery by minutes.
 */

import { crc32 } from "node:zlib";
import type { Envelope } from "./spool";
import type { SpoolFs } from "./spool-fs";

const HEADER_MAGIC = Buffer.from("HMS1", "latin1");
const TRAILER_MAGIC = Buffer.from("HME1", "latin1");
export const TRAILER_BYTES = 16;
/** Fixed bytes around the envelope: magic, length, header checksum. */
const HEADER_FIXED = 12;
/** An envelope beyond this is refused at write and treated as damage at read. */
export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;
const FIRST_READ = 16 * 1024;

/** Where the content lives in a committed file, kept in memory for `readBody` and stats. */
export interface MessageLayout {
  bodyStart: number;
  size: number;
  crc: number;
  fileBytes: number;
}

/** Encodes magic, envelope and header checksum; `size` is dropped (the trailer carries it). */
export function encodeHeader(envelope: Omit<Envelope, "size">): Buffer {
  const { size: _ignored, ...rest } = envelope as Envelope;
  const json = Buffer.from(JSON.stringify(rest), "utf8");
  if (json.length > MAX_ENVELOPE_BYTES) throw new RangeError("envelope too large for the spool");
  const out = Buffer.allocUnsafe(HEADER_FIXED + json.length);
  HEADER_MAGIC.copy(out, 0);
  out.writeUInt32BE(json.length, 4);
  json.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(0, 8 + json.length)), 8 + json.length);
  return out;
}

/** The trailer for `size` content bytes whose running crc32 is `crc`. */
export function encodeTrailer(size: number, crc: number): Buffer {
  const out = Buffer.allocUnsafe(TRAILER_BYTES);
  TRAILER_MAGIC.copy(out, 0);
  out.writeBigUInt64BE(BigInt(size), 4);
  out.writeUInt32BE(crc >>> 0, 12);
  return out;
}

export class CorruptMessageError extends Error {
  /**
   * @param incomplete the file has no trailer: it was cut off while being written (a crash during
   *   reception), so it was never acknowledged and is discarded; otherwise it is damage, quarantined.
   */
  constructor(
    readonly reason: string,
    readonly incomplete = false,
  ) {
    super(`${incomplete ? "incomplete" : "corrupt"} queue file: ${reason}`);
  }
}

/**
 * Checks a queue file's structure and returns its envelope and layout. Throws `CorruptMessageError`
 * for any damage (never a partial result); other errors are I/O errors of the caller's disk.
 */
export async function readMessageFile(
  sfs: SpoolFs,
  path: string,
  expectedId: string,
): Promise<{ envelope: Envelope; layout: MessageLayout }> {
  const fd = await sfs.open(path, "read");
  try {
    const fileBytes = await sfs.size(fd);
    if (fileBytes < HEADER_FIXED + TRAILER_BYTES) throw new CorruptMessageError("shorter than header and trailer", true);
    // The trailer is written last: without it the file was still being written when the writer died.
    const trailer = await readAt(sfs, fd, TRAILER_BYTES, fileBytes - TRAILER_BYTES);
    if (!trailer.subarray(0, 4).equals(TRAILER_MAGIC)) throw new CorruptMessageError("no trailer (truncated)", true);
    let head = await readAt(sfs, fd, Math.min(fileBytes, FIRST_READ), 0);
    if (!head.subarray(0, 4).equals(HEADER_MAGIC)) throw new CorruptMessageError("bad header magic");
    const h = head.readUInt32BE(4);
    if (h > MAX_ENVELOPE_BYTES || HEADER_FIXED + h + TRAILER_BYTES > fileBytes) {
      throw new CorruptMessageError("envelope length beyond file end");
    }
    if (head.length < HEADER_FIXED + h) head = await readAt(sfs, fd, HEADER_FIXED + h, 0);
    if (crc32(head.subarray(0, 8 + h)) !== head.readUInt32BE(8 + h)) throw new CorruptMessageError("header checksum");
    const envelope = parseEnvelope(head.subarray(8, 8 + h), expectedId);
    const size = Number(trailer.readBigUInt64BE(4));
    if (HEADER_FIXED + h + size + TRAILER_BYTES !== fileBytes) throw new CorruptMessageError("length mismatch");
    const layout = { bodyStart: HEADER_FIXED + h, size, crc: trailer.readUInt32BE(12), fileBytes };
    return { envelope: { ...envelope, size }, layout };
  } finally {
    await sfs.close(fd).catch(() => undefined);
  }
}

async function readAt(sfs: SpoolFs, fd: number, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = await sfs.read(fd, got === 0 ? buf : buf.subarray(got), position + got);
    if (n === 0) throw new CorruptMessageError("file shorter than its size");
    got += n;
  }
  return buf;
}

/** A checksummed header can still hold a foreign JSON document; check what recovery relies on. */
function parseEnvelope(json: Buffer, expectedId: string): Omit<Envelope, "size"> {
  let value: unknown;
  try {
    value = JSON.parse(json.toString("utf8"));
  } catch {
    throw new CorruptMessageError("envelope is not JSON");
  }
  const e = value as Partial<Envelope> | null;
  const ok =
    typeof e === "object" &&
    e !== null &&
    e.id === expectedId &&
    typeof e.receivedAt === "number" &&
    typeof e.mailFrom === "string" &&
    Array.isArray(e.recipients) &&
    e.recipients.every((r) => typeof r === "object" && r !== null && typeof r.address === "string") &&
    typeof e.source === "object" &&
    e.source !== null &&
    (e.dsnFor === undefined ||
      (typeof e.dsnFor.id === "string" && Array.isArray(e.dsnFor.recipients)));
  if (!ok) throw new CorruptMessageError("envelope shape or id mismatch");
  return e as Omit<Envelope, "size">;
}

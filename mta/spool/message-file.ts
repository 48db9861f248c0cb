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
 * The file is 28+H+N bytes long. Version 1 with an addendum (envelope fields learnt only once the
 * content ended, `EnvelopeAddendum`: inbound authentication results) ends differently, A being the
 * addendum's length:
 *
 *   12+H+N      A     addendum as UTF-8 JSON
 *   12+H+N+A    4     A
 *   16+H+N+A    4     crc32 of the addendum JSON
 *   20+H+N+A    16    trailer as above with magic "HME2"
 *
 * and is 36+H+N+A bytes long. The trailer is written last, so a file cut short anywhere fails the
 * length check (the Postfix END record, made checkable without reading the content). Recovery
 * checks the structure (both magics, the header checksum, the length); the content checksum is
 * checked while the content is streamed out (`body-stream.ts`), because reading every byte of a
 * million-message spool at start would delay the first delivery by minutes.
 */

import { crc32 } from "node:zlib";
import type { Envelope, EnvelopeAddendum, InboundAuthRecord } from "./spool";
import type { SpoolFs } from "./spool-fs";

const HEADER_MAGIC = Buffer.from("HMS1", "latin1");
const TRAILER_MAGIC = Buffer.from("HME1", "latin1");
/** The trailer of a file with an addendum before it. */
const TRAILER_MAGIC_ADDENDUM = Buffer.from("HME2", "latin1");
/** The addendum's length and checksum, between it and the trailer. */
const ADDENDUM_FIXED = 8;
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

/** The trailer for `size` content bytes whose running crc32 is `crc`, after an addendum if there is one. */
export function encodeTrailer(size: number, crc: number, addendum?: EnvelopeAddendum): Buffer {
  const json = addendum && Object.keys(addendum).length > 0 ? Buffer.from(JSON.stringify(addendum), "utf8") : null;
  if (json && json.length > MAX_ENVELOPE_BYTES) throw new RangeError("envelope addendum too large for the spool");
  const fixed = json ? json.length + ADDENDUM_FIXED : 0;
  const out = Buffer.allocUnsafe(fixed + TRAILER_BYTES);
  if (json) {
    json.copy(out, 0);
    out.writeUInt32BE(json.length, json.length);
    out.writeUInt32BE(crc32(json), json.length + 4);
  }
  encodeTrailerAt(out, fixed, size, crc, json !== null);
  return out;
}

function encodeTrailerAt(out: Buffer, at: number, size: number, crc: number, afterAddendum: boolean): void {
  (afterAddendum ? TRAILER_MAGIC_ADDENDUM : TRAILER_MAGIC).copy(out, at);
  out.writeBigUInt64BE(BigInt(size), at + 4);
  out.writeUInt32BE(crc >>> 0, at + 12);
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
    const magic = trailer.subarray(0, 4);
    const withAddendum = magic.equals(TRAILER_MAGIC_ADDENDUM);
    if (!withAddendum && !magic.equals(TRAILER_MAGIC)) throw new CorruptMessageError("no trailer (truncated)", true);
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
    const addendum = withAddendum ? await readAddendum(sfs, fd, fileBytes, HEADER_FIXED + h + size) : {};
    const addendumBytes = withAddendum ? fileBytes - TRAILER_BYTES - (HEADER_FIXED + h + size) : 0;
    if (HEADER_FIXED + h + size + addendumBytes + TRAILER_BYTES !== fileBytes) throw new CorruptMessageError("length mismatch");
    const layout = { bodyStart: HEADER_FIXED + h, size, crc: trailer.readUInt32BE(12), fileBytes };
    return { envelope: { ...envelope, ...addendum, size }, layout };
  } finally {
    await sfs.close(fd).catch(() => undefined);
  }
}

/** The addendum that ends at the trailer; `contentEnd` is where the content ends. */
async function readAddendum(sfs: SpoolFs, fd: number, fileBytes: number, contentEnd: number): Promise<EnvelopeAddendum> {
  const fixedAt = fileBytes - TRAILER_BYTES - ADDENDUM_FIXED;
  if (fixedAt < contentEnd) throw new CorruptMessageError("addendum beyond file start");
  const fixed = await readAt(sfs, fd, ADDENDUM_FIXED, fixedAt);
  const length = fixed.readUInt32BE(0);
  if (contentEnd + length !== fixedAt) throw new CorruptMessageError("length mismatch");
  const json = await readAt(sfs, fd, length, contentEnd);
  if (crc32(json) !== fixed.readUInt32BE(4)) throw new CorruptMessageError("addendum checksum");
  let value: unknown;
  try {
    value = JSON.parse(json.toString("utf8"));
  } catch {
    throw new CorruptMessageError("addendum is not JSON");
  }
  const auth = (value as { inboundAuth?: unknown } | null)?.inboundAuth;
  if (auth === undefined) return {};
  if (!isInboundAuth(auth)) throw new CorruptMessageError("addendum shape");
  return { inboundAuth: auth };
}

function isInboundAuth(v: unknown): v is InboundAuthRecord {
  const a = v as Partial<InboundAuthRecord> | null;
  if (typeof a !== "object" || a === null || typeof a.header !== "string") return false;
  return a.arc === undefined || (typeof a.arc.authResults === "string" && ["none", "pass", "fail"].includes(a.arc.cv));
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

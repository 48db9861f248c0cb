/**
 * Journal segment format, version 1. Integers are big-endian.
 *
 *   segment := magic "HJN1" (4) record*
 *   record  := L (uint32) crc32(payload) (uint32) payload (L bytes of UTF-8 JSON)
 *   payload := ["d", id, [recipient index, ...]]            recipients reached a final state
 *            | ["s", id, attempts, nextAttemptAt]            retry schedule, last one wins
 *
 * Both record kinds are idempotent (done is a union, schedule is last-write-wins), so a record may
 * appear twice (a retried append, a snapshot following the records it summarises) without harm.
 * A power loss can leave a torn or zero-filled tail after the last synced record: decoding stops at
 * the first record that does not check out and reports how many bytes it ignored.
 */

import { crc32 } from "node:zlib";

export const SEGMENT_MAGIC = Buffer.from("HJN1", "latin1");
const RECORD_HEAD = 8;
/** Far above any real record (a done record of 10,000 recipients is ~60 KB). */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export type JournalRecord =
  | { kind: "done"; id: string; recipients: number[] }
  | { kind: "schedule"; id: string; attempts: number; nextAttemptAt: number };

/** One record, ready to append. */
export function encodeRecord(record: JournalRecord): Buffer {
  const payload =
    record.kind === "done"
      ? ["d", record.id, record.recipients]
      : ["s", record.id, record.attempts, record.nextAttemptAt];
  const body = Buffer.from(JSON.stringify(payload), "utf8");
  const out = Buffer.allocUnsafe(RECORD_HEAD + body.length);
  out.writeUInt32BE(body.length, 0);
  out.writeUInt32BE(crc32(body), 4);
  body.copy(out, RECORD_HEAD);
  return out;
}

export interface DecodedSegment {
  records: JournalRecord[];
  /** False when the segment does not even start with the magic (then `records` is empty). */
  validMagic: boolean;
  /** Bytes after the last valid record (a torn tail); 0 for a clean segment. */
  ignoredBytes: number;
}

/** Decodes a whole segment; never throws, whatever the bytes. */
export function decodeSegment(bytes: Buffer): DecodedSegment {
  if (bytes.length < SEGMENT_MAGIC.length || !bytes.subarray(0, 4).equals(SEGMENT_MAGIC)) {
    return { records: [], validMagic: false, ignoredBytes: bytes.length };
  }
  const records: JournalRecord[] = [];
  let at = SEGMENT_MAGIC.length;
  while (at + RECORD_HEAD <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    if (length === 0 || length > MAX_RECORD_BYTES || at + RECORD_HEAD + length > bytes.length) break;
    const body = bytes.subarray(at + RECORD_HEAD, at + RECORD_HEAD + length);
    if (crc32(body) !== bytes.readUInt32BE(at + 4)) break;
    const record = parsePayload(body);
    if (!record) break;
    records.push(record);
    at += RECORD_HEAD + length;
  }
  return { records, validMagic: true, ignoredBytes: bytes.length - at };
}

function parsePayload(body: Buffer): JournalRecord | null {
  let p: unknown;
  try {
    p = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(p) || typeof p[1] !== "string") return null;
  if (p[0] === "d" && p.length === 3 && Array.isArray(p[2]) && p[2].every(isIndex)) {
    return { kind: "done", id: p[1], recipients: p[2] as number[] };
  }
  if (p[0] === "s" && p.length === 4 && isIndex(p[2]) && Number.isFinite(p[3])) {
    return { kind: "schedule", id: p[1], attempts: p[2] as number, nextAttemptAt: p[3] as number };
  }
  return null;
}

function isIndex(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0;
}

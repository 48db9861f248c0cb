/**
 * Reads the part of the original message a DSN returns (RFC 3461 RET): the header block, or the whole
 * message when RET=FULL and it fits under a cap. It reads no more than it returns (plus one chunk),
 * then stops the source, so a 50 MB original costs one header block of memory, not 50 MB.
 */

import { canonicalCrlf } from "./mime-text";

/** Postfix returns whole messages up to 50 kB (`bounce_size_limit`); we allow more but stay bounded. */
export const DEFAULT_MAX_FULL_RETURN_BYTES = 256 * 1024;
/** A header block larger than this is cut at a line boundary; real ones are a few kB. */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

export interface ReturnedContent {
  /** `full` → `message/rfc822`, `headers` → `text/rfc822-headers`. */
  kind: "full" | "headers";
  /** Canonical CRLF, ending in CRLF (or empty). */
  bytes: Buffer;
  /** RET=FULL was asked for but the message was over the cap. */
  truncated: boolean;
}

export interface ReturnLimits {
  maxFullBytes?: number;
  maxHeaderBytes?: number;
}

export type ContentSource = AsyncIterable<Buffer | Uint8Array | string>;

/**
 * `wantFull` is RET=FULL; `knownSize` (the spool's byte count, 0 if unknown) lets an oversized message
 * fall back to headers without reading its body at all.
 */
export async function readReturnedContent(
  source: ContentSource,
  wantFull: boolean,
  knownSize: number,
  limits: ReturnLimits = {},
): Promise<ReturnedContent> {
  const maxFull = limits.maxFullBytes ?? DEFAULT_MAX_FULL_RETURN_BYTES;
  const maxHeader = limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const full = wantFull && knownSize <= maxFull;
  const cap = full ? maxFull : maxHeader;
  const chunks: Buffer[] = [];
  let size = 0;
  let overCap = false;
  // `break` ends the iteration, which destroys a Readable: the rest of the file is never read.
  for await (const chunk of source) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    chunks.push(buf);
    size += buf.length;
    if (size > cap) {
      overCap = true;
      break;
    }
    if (!full && headerEnd(canonicalCrlf(Buffer.concat(chunks))) >= 0) break;
  }
  const data = canonicalCrlf(Buffer.concat(chunks));
  if (full && !overCap) return { kind: "full", bytes: endWithCrlf(data), truncated: false };
  const end = headerEnd(data);
  const headers = end >= 0 && end <= maxHeader ? data.subarray(0, end) : cutAtLine(data.subarray(0, maxHeader));
  return { kind: "headers", bytes: endWithCrlf(headers), truncated: wantFull };
}

/** In canonical data: offset just past the last header line's CRLF, or -1 if the block has not ended. */
function headerEnd(data: Buffer): number {
  if (data[0] === 0x0d && data[1] === 0x0a) return 0;
  const blank = data.indexOf("\r\n\r\n");
  return blank < 0 ? -1 : blank + 2;
}

function cutAtLine(data: Buffer): Buffer {
  const last = data.lastIndexOf("\r\n");
  return last >= 0 ? data.subarray(0, last + 2) : data;
}

function endWithCrlf(data: Buffer): Buffer {
  if (data.length === 0 || data.subarray(-2).equals(Buffer.from("\r\n"))) return data;
  return Buffer.concat([data, Buffer.from("\r\n")]);
}

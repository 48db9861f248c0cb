/**
 * Streams a message's content from its queue file and checks the content checksum on the way.
 *
 * The last chunk is held back until the checksum has been compared, so a reader never sees the
 * whole content of a damaged file: the stream errors instead of ending, and the SMTP client never
 * sends the final dot. This is what lets recovery skip reading every byte at start (see
 * message-file.ts) without ever delivering a damaged message.
 */

import { Readable, Transform, type TransformCallback } from "node:stream";
import { crc32 } from "node:zlib";
import type { SpoolFs } from "./spool-fs";
import type { MessageLayout } from "./message-file";

export class BodyChecksumError extends Error {
  readonly code = "ESPOOLCORRUPT";
  constructor(readonly id: string) {
    super(`spool: content checksum mismatch for ${id}`);
  }
}

/** Exactly `layout.size` bytes; `onCorrupt` runs once if the bytes do not match the trailer. */
export function openBodyStream(
  sfs: SpoolFs,
  path: string,
  id: string,
  layout: MessageLayout,
  onCorrupt: (err: BodyChecksumError) => void,
): Readable {
  if (layout.size === 0) return Readable.from([]);
  const source = sfs.createReadStream(path, layout.bodyStart, layout.bodyStart + layout.size - 1);
  let crc = 0;
  let seen = 0;
  let held: Buffer | null = null;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      crc = crc32(chunk, crc);
      seen += chunk.length;
      const out = held;
      held = chunk;
      done(null, out ?? undefined);
    },
    flush(done: TransformCallback) {
      if (seen !== layout.size || crc !== layout.crc) {
        const err = new BodyChecksumError(id);
        onCorrupt(err);
        done(err);
        return;
      }
      done(null, held ?? undefined);
    },
  });
  source.on("error", (err) => check.destroy(err));
  check.on("close", () => source.destroy());
  return source.pipe(check);
}

/** A stream that fails at once (unknown id), so callers handle one error path. */
export function failedStream(err: Error): Readable {
  const r = new Readable({ read() {} });
  process.nextTick(() => r.destroy(err));
  return r;
}

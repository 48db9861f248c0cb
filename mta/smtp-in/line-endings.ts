/**
 * Canonical line endings for message content: every bare CR and every bare LF becomes CRLF, so
 * nothing Hermod relays can carry a line ending another MTA would read differently (SMTP smuggling,
 * "service A" in reliability.md P1b). smtp-server already ends DATA only on CRLF.CRLF, so a message
 * is never split on the way in; this makes sure it is not split on the way out either.
 *
 * Streaming: a CR at the end of a chunk is held back until the next chunk shows whether an LF follows.
 */

const CR = 0x0d;
const LF = 0x0a;

export class LineEndingNormalizer {
  private pendingCr = false;
  /** How many bare CR or LF were rewritten; > 0 means the client sent non-canonical content. */
  fixed = 0;

  /** Returns the canonical bytes for `chunk`; may hold back a trailing CR. */
  push(chunk: Buffer): Buffer {
    // Fast path: no CR/LF problem in the chunk (the usual case) costs two native scans.
    if (!this.pendingCr && isCanonical(chunk)) return chunk;
    const out = Buffer.allocUnsafe(chunk.length * 2 + 2);
    let o = 0;
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      out[o++] = CR;
      out[o++] = LF;
      if (chunk.length > 0 && chunk[0] === LF) i = 1;
      else this.fixed++;
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === CR) {
        if (i + 1 === chunk.length) {
          this.pendingCr = true;
          break;
        }
        out[o++] = CR;
        out[o++] = LF;
        if (chunk[i + 1] === LF) i++;
        else this.fixed++;
      } else if (b === LF) {
        this.fixed++;
        out[o++] = CR;
        out[o++] = LF;
      } else out[o++] = b;
    }
    return out.subarray(0, o);
  }

  /** Flushes a held-back CR at the end of the content. */
  end(): Buffer {
    if (!this.pendingCr) return Buffer.alloc(0);
    this.pendingCr = false;
    this.fixed++;
    return Buffer.from("\r\n");
  }
}

/** True when every CR is followed by LF and every LF preceded by CR, and the chunk does not end in CR. */
function isCanonical(chunk: Buffer): boolean {
  let i = chunk.indexOf(LF);
  while (i !== -1) {
    if (i === 0 || chunk[i - 1] !== CR) return false;
    i = chunk.indexOf(LF, i + 1);
  }
  let j = chunk.indexOf(CR);
  while (j !== -1) {
    if (j + 1 >= chunk.length || chunk[j + 1] !== LF) return false;
    j = chunk.indexOf(CR, j + 1);
  }
  return true;
}

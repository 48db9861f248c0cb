/**
 * Collects the header section of a message as it streams in (up to the first empty line), bounded in
 * size, so reception-time checks (hop count now; X-Virtual-MTA and X-Job later) can read it without
 * buffering the body.
 */

const END = Buffer.from("\r\n\r\n");
/** Headers beyond this are not inspected (the body still streams to the spool untouched). */
export const MAX_HEADER_BYTES = 256 * 1024;

export class HeaderBlock {
  private parts: Buffer[] = [];
  private length = 0;
  private done = false;
  private terminated = false;

  /** Feeds canonical (CRLF) content. */
  push(chunk: Buffer): void {
    if (this.done) return;
    // Look for the end across the boundary with the previous chunk.
    const tail = this.parts.length > 0 ? this.parts[this.parts.length - 1].subarray(-3) : Buffer.alloc(0);
    const probe = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    const at = probe.indexOf(END);
    if (at !== -1) {
      const keep = at + 2 - tail.length;
      if (keep > 0) this.add(chunk.subarray(0, keep));
      else if (keep < 0) this.trim(-keep);
      this.done = true;
      this.terminated = true;
      return;
    }
    this.add(chunk);
    if (this.length >= MAX_HEADER_BYTES) this.done = true;
  }

  /** True once the empty line was seen or the size cap reached: nothing more is collected. */
  get complete(): boolean {
    return this.done;
  }

  /** True when the section ended with its empty line (not cut at the size cap). */
  get endsAtEmptyLine(): boolean {
    return this.terminated;
  }

  /** The header section including the CRLF of its last line (not the empty line). */
  text(): string {
    return Buffer.concat(this.parts).subarray(0, MAX_HEADER_BYTES).toString("latin1");
  }

  /** Number of `Received:` header fields (the hop count of RFC 5321 §6.3). */
  receivedCount(): number {
    const matches = ("\r\n" + this.text()).match(/\r\nReceived[ \t]*:/gi);
    return matches ? matches.length : 0;
  }

  private add(buf: Buffer): void {
    this.parts.push(buf);
    this.length += buf.length;
  }

  private trim(bytes: number): void {
    const last = this.parts.pop()!;
    this.length -= bytes;
    if (last.length > bytes) this.parts.push(last.subarray(0, last.length - bytes));
  }
}

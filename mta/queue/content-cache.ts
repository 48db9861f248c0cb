/**
 * Keeps the content of small, freshly received messages in memory so their first delivery attempt
 * does not read back from disk what was just written. Durability is untouched: the spool file is
 * the truth, and a message without cached content (too big, over budget, or recovered at start) is
 * read from the spool as usual. The budget bounds the memory whatever the queue holds.
 */

/** Messages larger than this are always read from the spool. */
export const MAX_CACHED_MESSAGE = 64 * 1024;

export class ContentBudget {
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Reserves room for `bytes`; false when the budget would be exceeded. */
  take(bytes: number): boolean {
    if (bytes > MAX_CACHED_MESSAGE || this.used + bytes > this.maxBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** Collects a message's chunks while it is received, giving up once it is too big to cache. */
export class ContentCollector {
  private chunks: Buffer[] | null = [];
  private length = 0;

  push(chunk: Buffer): void {
    if (!this.chunks) return;
    this.length += chunk.length;
    if (this.length > MAX_CACHED_MESSAGE) this.chunks = null;
    else this.chunks.push(chunk);
  }

  /** The whole content, or null when it was too big. */
  content(): Buffer | null {
    return this.chunks ? Buffer.concat(this.chunks, this.length) : null;
  }
}

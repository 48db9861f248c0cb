/**
 * The journal: append-only recipient outcomes and retry schedules, in numbered segments
 * `journal/<12 digits>.jnl` (format in journal-format.ts). Queue files are never rewritten after
 * commit; everything that changes about a message lives here.
 *
 * Compaction writes a new segment holding a snapshot of live state, then drops the older ones:
 *   write <n+1>.jnl.tmp -> fdatasync -> rename to <n+1>.jnl -> fsync journal/ -> fsync queue/ -> unlink old
 * A crash before the rename leaves the old segments authoritative (the .tmp is deleted at open); after
 * it, replaying old and new segments together gives the same state, because records are idempotent.
 * The queue/ fsync comes before the old segments go: it makes earlier unlinks of finished messages
 * durable, so no queue file can come back without the done records that finished it.
 * It runs at open, and at runtime once `maxBytes` have been appended after the last snapshot (so a
 * segment holds one snapshot plus at most `maxBytes` of records, however large the snapshot is).
 */

import { join } from "node:path";
import type { Logger } from "../ports";
import { writeAll, errorCode, type SpoolFs } from "./spool-fs";
import { createGroupCommit, type GroupCommit } from "./group-commit";
import { decodeSegment, encodeRecord, SEGMENT_MAGIC, type JournalRecord } from "./journal-format";

export interface MessageState {
  done: Set<number>;
  attempts: number;
  nextAttemptAt: number;
}

export interface ReplayedJournal {
  state: Map<string, MessageState>;
  segments: string[];
  lastSeq: number;
}

export interface JournalOptions {
  fs: SpoolFs;
  dir: string;
  /** Runtime compaction: a new segment once this many bytes were appended after the last snapshot. */
  maxBytes: number;
  log: Logger;
  /** Only live messages are carried into a snapshot: this is how records of removed ones are dropped. */
  isLive(id: string): boolean;
  /** Makes earlier queue-file unlinks durable; awaited before old segments are deleted. */
  beforeDropSegments(): Promise<void>;
  /** Upper bound on how long a `setSchedule` waits for a sync when nothing else syncs. */
  flushDelayMs?: number;
}

const SEGMENT_NAME = /^\d{12}\.jnl$/;
const SNAPSHOT_CHUNK_BYTES = 1024 * 1024;

const segmentName = (seq: number): string => `${String(seq).padStart(12, "0")}.jnl`;

/**
 * Reads every segment in order and folds the records into per-message state. Never throws on
 * content: a torn tail or a foreign file is logged and skipped. Deletes leftovers of an interrupted
 * compaction (`*.tmp`).
 */
export async function replayJournal(sfs: SpoolFs, dir: string, log: Logger): Promise<ReplayedJournal> {
  const state = new Map<string, MessageState>();
  const segments: string[] = [];
  for (const name of await sfs.readdir(dir)) {
    if (SEGMENT_NAME.test(name)) segments.push(name);
    else if (name.endsWith(".tmp")) await sfs.unlink(join(dir, name)).catch(() => undefined);
    else log.warn("spool: ignoring foreign file in journal/", { name });
  }
  segments.sort();
  // Taken before skipping anything, so a new segment never reuses a name already in journal/.
  const lastSeq = segments.length ? Number(segments[segments.length - 1].slice(0, 12)) : 0;
  for (const name of [...segments]) {
    let bytes: Buffer;
    try {
      bytes = await readWhole(sfs, join(dir, name));
    } catch (err) {
      // A directory with a segment's name is garbage; any other read error is the disk's and must
      // stop the start rather than let compaction drop what the segment holds.
      if (errorCode(err) !== "EISDIR") throw err;
      log.warn("spool: ignoring a directory in journal/", { name });
      segments.splice(segments.indexOf(name), 1);
      continue;
    }
    const decoded = decodeSegment(bytes);
    if (!decoded.validMagic) log.warn("spool: journal segment without header ignored", { name });
    else if (decoded.ignoredBytes > 0) {
      log.warn("spool: torn journal tail ignored", { name, bytes: decoded.ignoredBytes });
    }
    for (const r of decoded.records) applyRecord(state, r);
  }
  return { state, segments, lastSeq };
}

export function applyRecord(state: Map<string, MessageState>, r: JournalRecord): MessageState {
  let s = state.get(r.id);
  if (!s) {
    s = { done: new Set(), attempts: 0, nextAttemptAt: 0 };
    state.set(r.id, s);
  }
  if (r.kind === "done") for (const i of r.recipients) s.done.add(i);
  else {
    s.attempts = r.attempts;
    s.nextAttemptAt = r.nextAttemptAt;
  }
  return s;
}

export class Journal {
  private pending: Buffer[] = [];
  private segmentBytes = 0;
  private rolloverAt: number;
  private needsRollover = true;
  private fd = -1;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly sync: GroupCommit;

  private constructor(
    private readonly opts: JournalOptions,
    private readonly state: Map<string, MessageState>,
    private segments: string[],
    private seq: number,
    private readonly dirFd: number,
  ) {
    this.rolloverAt = opts.maxBytes;
    this.sync = createGroupCommit(() => this.runSync());
  }

  /**
   * Starts the journal on replayed (and reconciled) state and compacts it at once, so the journal
   * on disk holds only live state before the first message is accepted.
   */
  static async start(opts: JournalOptions, replayed: ReplayedJournal): Promise<Journal> {
    const dirFd = await opts.fs.open(opts.dir, "read");
    const journal = new Journal(opts, replayed.state, replayed.segments, replayed.lastSeq, dirFd);
    await journal.sync.request();
    return journal;
  }

  /** Replayed plus appended state of a message, if any record exists for it. */
  stateOf(id: string): MessageState | undefined {
    return this.state.get(id);
  }

  /** Resolves once the record is on disk (fdatasync); concurrent calls share one sync. */
  markDone(id: string, recipients: number[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("journal is closed"));
    this.append({ kind: "done", id, recipients: recipients.filter((i) => Number.isInteger(i) && i >= 0) });
    return this.sync.request();
  }

  /** Not durable on return: rides on the next sync, or one started within `flushDelayMs`. */
  setSchedule(id: string, attempts: number, nextAttemptAt: number): void {
    if (this.closed) return;
    this.append({ kind: "schedule", id, attempts, nextAttemptAt });
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.pending.length > 0 && !this.closed) {
        this.sync.request().catch((err) => this.opts.log.warn("spool: journal sync failed", { err: String(err) }));
      }
    }, this.opts.flushDelayMs ?? 1000).unref();
  }

  /** Drops in-memory state of a removed message; its records go at the next compaction. */
  forget(id: string): void {
    this.state.delete(id);
  }

  /** Syncs everything appended so far, then closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      if (this.pending.length > 0 || this.needsRollover) await this.sync.request();
      await this.sync.idle();
    } finally {
      if (this.fd >= 0) await this.opts.fs.close(this.fd).catch(() => undefined);
      await this.opts.fs.close(this.dirFd).catch(() => undefined);
    }
  }

  private append(record: JournalRecord): void {
    applyRecord(this.state, record);
    this.pending.push(encodeRecord(record));
  }

  private async runSync(): Promise<void> {
    if (this.needsRollover || this.segmentBytes >= this.rolloverAt) return this.rollover();
    const chunks = this.pending;
    this.pending = [];
    try {
      if (chunks.length > 0) this.segmentBytes += await writeAll(this.opts.fs, this.fd, chunks, this.segmentBytes);
      await this.opts.fs.fdatasync(this.fd);
    } catch (err) {
      // After a failed write or fdatasync the segment's tail is unknown (and a retried fdatasync may
      // lie, see "fsyncgate"): put the records back and move to a fresh segment on the next sync.
      this.pending.unshift(...chunks);
      this.needsRollover = true;
      throw err;
    }
  }

  /** New segment = snapshot of live state (pending records are already folded into it). */
  private async rollover(): Promise<void> {
    const { fs, dir } = this.opts;
    const seq = this.seq + 1;
    const finalPath = join(dir, segmentName(seq));
    const tmpPath = `${finalPath}.tmp`;
    this.pending = [];
    const fd = await fs.open(tmpPath, "write");
    let bytes = 0;
    try {
      bytes = await this.writeSnapshot(fd);
      await fs.fdatasync(fd);
      await fs.rename(tmpPath, finalPath);
      await fs.fsync(this.dirFd);
    } catch (err) {
      await fs.close(fd).catch(() => undefined);
      await fs.unlink(tmpPath).catch(() => undefined);
      throw err;
    }
    const oldFd = this.fd;
    const oldSegments = this.segments;
    this.fd = fd;
    this.seq = seq;
    this.segments = [segmentName(seq)];
    this.segmentBytes = bytes;
    // Measured from the snapshot: a snapshot bigger than maxBytes must not roll over at every sync.
    this.rolloverAt = bytes + this.opts.maxBytes;
    this.needsRollover = false;
    if (oldFd >= 0) await fs.close(oldFd).catch(() => undefined);
    await this.opts.beforeDropSegments();
    for (const name of oldSegments) {
      await fs.unlink(join(dir, name)).catch((err) => {
        if (errorCode(err) !== "ENOENT") this.opts.log.warn("spool: old journal segment not deleted", { name });
      });
    }
  }

  private async writeSnapshot(fd: number): Promise<number> {
    let position = 0;
    let chunk: Buffer[] = [SEGMENT_MAGIC];
    let chunkBytes = SEGMENT_MAGIC.length;
    const flush = async () => {
      position += await writeAll(this.opts.fs, fd, chunk, position);
      chunk = [];
      chunkBytes = 0;
    };
    for (const [id, s] of this.state) {
      if (!this.opts.isLive(id)) {
        this.state.delete(id);
        continue;
      }
      const records: JournalRecord[] = [];
      if (s.done.size > 0) records.push({ kind: "done", id, recipients: [...s.done].sort((a, b) => a - b) });
      if (s.attempts > 0 || s.nextAttemptAt > 0) {
        records.push({ kind: "schedule", id, attempts: s.attempts, nextAttemptAt: s.nextAttemptAt });
      }
      for (const r of records) {
        const b = encodeRecord(r);
        chunk.push(b);
        chunkBytes += b.length;
      }
      if (chunkBytes >= SNAPSHOT_CHUNK_BYTES) await flush();
    }
    await flush();
    return position;
  }
}

async function readWhole(sfs: SpoolFs, path: string): Promise<Buffer> {
  const fd = await sfs.open(path, "read");
  try {
    const buf = Buffer.alloc(await sfs.size(fd));
    let got = 0;
    while (got < buf.length) {
      const n = await sfs.read(fd, buf.subarray(got), got);
      if (n === 0) return buf.subarray(0, got);
      got += n;
    }
    return buf;
  } finally {
    await sfs.close(fd).catch(() => undefined);
  }
}

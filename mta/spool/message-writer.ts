/**
 * The commit path: the SMTP 250 waits on it, so it is written for the fewest syscalls.
 *
 *   open               queue/<id> for a fresh id ("in place"); tmp/<id>.<n> for an explicit id
 *                      (deferred until the first flush: an aborted small message costs nothing)
 *   writev             header + content chunks, batched up to FLUSH_BYTES per call
 *   writev             remaining content + trailer
 *   fdatasync          the file's bytes are durable
 *   close
 *   rename             tmp/<id>.<n> -> queue/<id>, explicit ids only (atomically replaces that id)
 *   fsync queue/       shared with every commit that created or renamed meanwhile (group commit)
 *
 * Why in place: a rename after the fdatasync is a second metadata change, so each message waited
 * for two journal commits in turn; created in place, the file's entry rides on the fdatasync's
 * commit and the directory fsync finds it done. A file left half-written by a crash has no trailer
 * (written last), so recovery knows it was never acknowledged and discards it, as Postfix discards
 * a queue file without its END record. An explicit id keeps tmp + rename, because replacing a live
 * message must be atomic.
 *
 * No stat calls; sizes and checksums are kept as the bytes go by. The file format (header, content,
 * trailer) is documented in message-file.ts, which encodes it.
 */

import { crc32 } from "node:zlib";
import type { Envelope, EnvelopeAddendum, SpoolWriter } from "./spool";
import { writeAll, type SpoolFs } from "./spool-fs";
import type { GroupCommit } from "./group-commit";
import { encodeHeader, encodeTrailer, type MessageLayout } from "./message-file";

/** Content is buffered up to this before a writev; bounds memory per message in flight. */
export const FLUSH_BYTES = 64 * 1024;

export interface MessageWriterDeps {
  fs: SpoolFs;
  /** Write straight to `queuePath` (then `tmpPath` is `queuePath`) instead of tmp + rename. */
  inPlace: boolean;
  tmpPath: string;
  queuePath: string;
  /** The queue directory's group-committed fsync. */
  queueDirSync: GroupCommit;
  /** Whether the id is live now: a replaced live message must not be unlinked on failure. */
  isLive(id: string): boolean;
  /** Called once the message is durable, before `commit()` resolves. */
  onCommitted(envelope: Envelope, layout: MessageLayout): void;
}

type State = "open" | "committing" | "committed" | "failed" | "aborted";

export class MessageWriter implements SpoolWriter {
  private state: State = "open";
  private fd = -1;
  private opened = false;
  private position = 0;
  private pending: Buffer[];
  private pendingBytes: number;
  private readonly headerBytes: number;
  private size = 0;
  private crc = 0;
  private addendum: EnvelopeAddendum = {};
  private flushing: Promise<void> = Promise.resolve();
  private aborting: Promise<void> | null = null;
  private committing: Promise<Envelope> | null = null;

  constructor(
    private readonly envelope: Omit<Envelope, "size">,
    private readonly deps: MessageWriterDeps,
  ) {
    const header = encodeHeader(envelope);
    this.headerBytes = header.length;
    this.pending = [header];
    this.pendingBytes = header.length;
  }

  get id(): string {
    return this.envelope.id;
  }

  /**
   * Keeps a reference to `chunk` until it is flushed (like a Node stream): do not reuse its memory.
   * Resolves at once while under FLUSH_BYTES, otherwise after the batch is written.
   */
  async write(chunk: Buffer): Promise<void> {
    if (this.state !== "open") throw new Error(`spool writer is ${this.state}`);
    if (chunk.length === 0) return;
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Durable before it resolves (see spool.ts); on any failure nothing is left in queue/. */
  commit(addendum?: EnvelopeAddendum): Promise<Envelope> {
    if (this.committing) return this.committing;
    if (this.state !== "open") return Promise.reject(new Error(`spool writer is ${this.state}`));
    this.state = "committing";
    this.committing = this.runCommit(addendum ?? {});
    return this.committing;
  }

  /** Idempotent; a no-op after a successful commit; waits for an in-flight commit to settle. */
  abort(): Promise<void> {
    this.aborting ??= this.runAbort();
    return this.aborting;
  }

  private async runCommit(addendum: EnvelopeAddendum): Promise<Envelope> {
    const { fs, tmpPath, queuePath } = this.deps;
    let renamed = false;
    let replaced = false;
    try {
      const trailer = encodeTrailer(this.size, this.crc, addendum);
      this.addendum = addendum;
      this.pending.push(trailer);
      this.pendingBytes += trailer.length;
      await this.flush();
      await fs.fdatasync(this.fd);
      const fd = this.fd;
      this.fd = -1;
      await fs.close(fd);
      if (!this.deps.inPlace) {
        replaced = this.deps.isLive(this.id);
        await fs.rename(tmpPath, queuePath);
      }
      renamed = true;
      await this.deps.queueDirSync.request();
    } catch (err) {
      this.state = "failed";
      if (renamed && replaced) {
        // The complete new file already replaced a live one with the same id; keep the index true
        // to the disk rather than unlink a message that was acknowledged before.
        this.deps.onCommitted(this.committedEnvelope(), this.layout());
      }
      await this.cleanUp(renamed && !replaced ? queuePath : tmpPath);
      throw err;
    }
    this.state = "committed";
    const envelope = this.committedEnvelope();
    this.deps.onCommitted(envelope, this.layout());
    return envelope;
  }

  private committedEnvelope(): Envelope {
    return { ...this.envelope, ...this.addendum, size: this.size };
  }

  private layout(): MessageLayout {
    return { bodyStart: this.headerBytes, size: this.size, crc: this.crc, fileBytes: this.position };
  }

  private async runAbort(): Promise<void> {
    if (this.committing) await this.committing.catch(() => undefined);
    if (this.state === "committed") return;
    this.state = this.state === "failed" ? "failed" : "aborted";
    this.pending = [];
    await this.flushing.catch(() => undefined);
    await this.cleanUp(this.deps.tmpPath);
  }

  /** Serialises writev calls; the first one opens the temporary file. */
  private flush(): Promise<void> {
    const next = this.flushing.then(() => this.writePending());
    this.flushing = next;
    return next;
  }

  private async writePending(): Promise<void> {
    if (this.state === "failed" || this.state === "aborted") throw new Error(`spool writer is ${this.state}`);
    const chunks = this.pending;
    if (chunks.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      if (!this.opened) {
        this.opened = true;
        this.fd = await this.deps.fs.open(this.deps.tmpPath, "write");
      }
      this.position += await writeAll(this.deps.fs, this.fd, chunks, this.position);
    } catch (err) {
      // ENOSPC and friends: the listener answers 451, so drop the partial file right away; a later
      // abort() finds nothing to do.
      this.state = "failed";
      await this.cleanUp(this.deps.tmpPath);
      throw err;
    }
  }

  private async cleanUp(path: string): Promise<void> {
    const fd = this.fd;
    this.fd = -1;
    if (fd >= 0) await this.deps.fs.close(fd).catch(() => undefined);
    if (this.opened) await this.deps.fs.unlink(path).catch(() => undefined);
  }
}

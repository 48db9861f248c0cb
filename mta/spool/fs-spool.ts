/**
 * The on-disk spool: one file per message (format in message-file.ts), committed by
 * write tmp -> fdatasync -> close -> rename into queue/ -> group-committed fsync of queue/
 * (message-writer.ts), plus a journal of recipient outcomes and schedules (journal.ts).
 *
 *   <dir>/tmp/      messages being received; anything here at open was never acknowledged
 *   <dir>/queue/    committed messages, one file per spool id
 *   <dir>/corrupt/  files that failed an integrity check; kept for an operator, never delivered
 *   <dir>/journal/  recipient outcomes and retry schedules
 */

import { join } from "node:path";
import type { Readable } from "node:stream";
import { systemClock, type Clock, type Logger } from "../ports";
import type { Envelope, RecoveredMessage, Spool, SpoolStats, SpoolWriter } from "./spool";
import { errorCode, nodeSpoolFs, type SpoolFs } from "./spool-fs";
import { createGroupCommit } from "./group-commit";
import { createSpoolIdGenerator, SPOOL_ID_PATTERN } from "./spool-id";
import type { MessageLayout } from "./message-file";
import { MessageWriter } from "./message-writer";
import { applyRecord, Journal, replayJournal } from "./journal";
import { failedStream, openBodyStream } from "./body-stream";
import { clearTemporaries, ensureLayout, fsyncDir, quarantine, scanQueue, spoolPaths } from "./recovery";
import { verifyContents } from "./content-check";

export interface FsSpoolOptions {
  dir: string;
  fs?: SpoolFs;
  /** Journal bytes appended after the last snapshot that trigger a runtime compaction; 64 MiB. */
  journalMaxBytes?: number;
  clock?: Clock;
  logger?: Logger;
  /**
   * Read every content byte at open to check checksums. Default false: checksums are checked as
   * content is streamed out, which never lets a damaged message end (body-stream.ts) and keeps a
   * million-message start from reading the whole spool first.
   */
  verifyContentAtOpen?: boolean;
  /** Longest wait of a `setSchedule` record for a journal sync; default 1000 ms. */
  journalFlushDelayMs?: number;
}

const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

const consoleLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (msg, fields) => console.warn(msg, fields ?? ""),
  error: (msg, fields) => console.error(msg, fields ?? ""),
};

/** The production spool. Call `open()` once before anything else. */
export function createFsSpool(opts: FsSpoolOptions): Spool {
  return new FsSpool(opts);
}

class FsSpool implements Spool {
  private readonly fs: SpoolFs;
  private readonly paths;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly nextId;
  /** Live messages; the only record of them in memory (no directory scans after open). */
  private readonly index = new Map<string, MessageLayout>();
  private bytes = 0;
  private readonly commits = new Set<Promise<unknown>>();
  private journal: Journal | null = null;
  private queueDirFd = -1;
  private readonly queueDirSync = createGroupCommit(() => this.fs.fsync(this.queueDirFd));
  private phase: "new" | "opening" | "open" | "closed" = "new";
  private tmpSeq = 0;

  constructor(private readonly opts: FsSpoolOptions) {
    this.fs = opts.fs ?? nodeSpoolFs;
    this.paths = spoolPaths(opts.dir);
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? consoleLogger;
    this.nextId = createSpoolIdGenerator(this.clock);
  }

  async open(): Promise<RecoveredMessage[]> {
    if (this.phase !== "new") throw new Error("spool: open() may be called once");
    this.phase = "opening";
    const { fs, paths, log } = this;
    await ensureLayout(fs, paths);
    const temporaries = await clearTemporaries(fs, paths, log);
    const scanned = await scanQueue(fs, paths, log, this.clock);
    if (this.opts.verifyContentAtOpen) await verifyContents(fs, paths, scanned, log, this.clock);
    const replayed = await replayJournal(fs, paths.journal, log);
    // A spooled DSN reports these recipients of its original: they count as done (idempotent DSNs).
    for (const m of scanned.values()) {
      const dsn = m.envelope.dsnFor;
      if (!dsn || !scanned.has(dsn.id)) continue;
      const recipients = dsn.recipients.filter((i) => Number.isInteger(i) && i >= 0);
      applyRecord(replayed.state, { kind: "done", id: dsn.id, recipients });
    }
    this.queueDirFd = await fs.open(paths.queue, "read");
    const recovered: RecoveredMessage[] = [];
    let finished = 0;
    for (const [id, { envelope, layout }] of scanned) {
      const s = replayed.state.get(id);
      const n = envelope.recipients.length;
      const done = new Set([...(s?.done ?? [])].filter((i) => i < n));
      if (done.size === n) {
        // Not durable here: the compaction below fsyncs queue/ before it drops the done records.
        await fs.unlink(join(paths.queue, id)).catch(ignoreMissing);
        finished++;
        continue;
      }
      this.index.set(id, layout);
      this.bytes += layout.fileBytes;
      recovered.push({ envelope, done, attempts: s?.attempts ?? 0, nextAttemptAt: s?.nextAttemptAt ?? 0 });
    }
    this.journal = await Journal.start(
      {
        fs,
        dir: paths.journal,
        maxBytes: this.opts.journalMaxBytes ?? DEFAULT_JOURNAL_MAX_BYTES,
        log,
        isLive: (id) => this.index.has(id),
        beforeDropSegments: () => this.queueDirSync.request(),
        flushDelayMs: this.opts.journalFlushDelayMs,
      },
      replayed,
    );
    this.phase = "open";
    log.info("spool: opened", { live: recovered.length, finished, temporaries, bytes: this.bytes });
    return recovered.sort((a, b) => (a.envelope.id < b.envelope.id ? -1 : a.envelope.id > b.envelope.id ? 1 : 0));
  }

  async create(envelope: Omit<Envelope, "size" | "id">, opts?: { id?: string }): Promise<SpoolWriter> {
    this.assertOpen();
    let id = opts?.id;
    if (id !== undefined && !SPOOL_ID_PATTERN.test(id)) throw new RangeError("spool: id must match [0-9a-z]{1,64}");
    while (id === undefined || (opts?.id === undefined && this.index.has(id))) id = this.nextId();
    const { id: _i, size: _s, ...rest } = envelope as Envelope;
    // A fresh id is written where it will live (one journal commit less per message, see
    // message-writer.ts); an explicit id may replace a live message, which takes a rename.
    const inPlace = opts?.id === undefined;
    const queuePath = join(this.paths.queue, id);
    const writer = new MessageWriter(
      { id, ...rest },
      {
        fs: this.fs,
        inPlace,
        tmpPath: inPlace ? queuePath : join(this.paths.tmp, `${id}.${(this.tmpSeq++).toString(36)}`),
        queuePath,
        queueDirSync: this.queueDirSync,
        isLive: (x) => this.index.has(x),
        onCommitted: (e, layout) => this.committed(e, layout),
      },
    );
    return {
      id,
      write: (chunk) => writer.write(chunk),
      commit: (addendum) => {
        if (this.phase !== "open") return Promise.reject(new Error("spool: closed"));
        const p = writer.commit(addendum);
        this.commits.add(p);
        const untrack = () => this.commits.delete(p);
        p.then(untrack, untrack);
        return p;
      },
      abort: () => writer.abort(),
    };
  }

  readBody(id: string): Readable {
    const layout = this.index.get(id);
    if (!layout) return failedStream(Object.assign(new Error(`spool: no message ${id}`), { code: "ENOENT" }));
    return openBodyStream(this.fs, join(this.paths.queue, id), id, layout, (err) => {
      this.quarantineLive(id, layout, err.message).catch((e) =>
        this.log.error("spool: quarantine failed", { id, err: String(e) }),
      );
    });
  }

  markDone(id: string, recipients: number[]): Promise<void> {
    if (this.phase !== "open") return Promise.reject(new Error(`spool: not open (${this.phase})`));
    return this.journal!.markDone(id, recipients);
  }

  setSchedule(id: string, attempts: number, nextAttemptAt: number): void {
    if (this.phase === "open") this.journal!.setSchedule(id, attempts, nextAttemptAt);
  }

  async remove(id: string): Promise<void> {
    this.assertOpen();
    this.forget(id);
    await this.fs.unlink(join(this.paths.queue, id)).catch(ignoreMissing);
  }

  async freeBytes(): Promise<number> {
    const s = await this.fs.statfs(this.paths.root);
    return s.bavail * s.bsize;
  }

  /** `bytes` counts queue files as written (envelope, content and trailer), not disk blocks. */
  stats(): SpoolStats {
    return { messages: this.index.size, bytes: this.bytes };
  }

  async close(): Promise<void> {
    if (this.phase === "closed") return;
    const wasOpen = this.phase === "open";
    this.phase = "closed";
    if (!wasOpen) return;
    await Promise.allSettled([...this.commits]);
    try {
      await this.journal!.close();
    } finally {
      await this.queueDirSync.idle();
      await this.fs.close(this.queueDirFd).catch(() => undefined);
    }
  }

  private committed(envelope: Envelope, layout: MessageLayout): void {
    const previous = this.index.get(envelope.id);
    if (previous) this.bytes -= previous.fileBytes;
    this.index.set(envelope.id, layout);
    this.bytes += layout.fileBytes;
    const dsn = envelope.dsnFor;
    if (dsn && this.index.has(dsn.id) && this.journal) {
      // Also journaled, so the original's recipients stay done after this DSN is delivered and
      // removed. The record precedes any later markDone in the journal, so it is durable before the
      // DSN itself can be marked done and removed.
      this.journal.markDone(dsn.id, dsn.recipients).catch((err) =>
        this.log.warn("spool: journaling dsnFor failed; recovery still applies it", { id: dsn.id, err: String(err) }),
      );
    }
  }

  private forget(id: string): void {
    const layout = this.index.get(id);
    if (!layout) return;
    this.index.delete(id);
    this.bytes -= layout.fileBytes;
    this.journal?.forget(id);
  }

  private async quarantineLive(id: string, layout: MessageLayout, reason: string): Promise<void> {
    if (this.index.get(id) !== layout) return; // replaced or removed meanwhile
    this.forget(id);
    await quarantine(this.fs, this.paths, id, this.clock, this.log, reason);
    await fsyncDir(this.fs, this.paths.corrupt);
  }

  private assertOpen(): void {
    if (this.phase !== "open") throw new Error(`spool: not open (${this.phase})`);
  }
}

function ignoreMissing(err: unknown): void {
  if (errorCode(err) !== "ENOENT") throw err;
}

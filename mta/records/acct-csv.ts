/**
 * Writer for one `<acct-file>`. Records are formatted on `write` (cheap, synchronous) and appended to
 * the file asynchronously in batches, so the delivery path never waits on the disk.
 *
 * Guarantees:
 * - a batch is appended at most `flushIntervalMs` after its first record, or as soon as `maxBufferBytes`
 *   are waiting;
 * - a failed append is logged and retried with backoff, forever, in order; nothing is dropped and
 *   nothing throws (the accounting file must not take the MTA down);
 * - the header line is written whenever the file is new or empty, and a non-empty file whose header
 *   differs (older column set) is renamed aside PowerMTA-style (`acct-YYYY-MM-DD-HHMM.csv`) rather
 *   than receiving rows in another layout;
 * - the columns are the union of the selected record types' (acct-csv-format.ts `columnsFor`); when a
 *   reload changes them, lines already formatted are appended under the header they were made for.
 */

import { extname } from "node:path";
import type { AcctRecordType, AcctFileConfig } from "../config/types";
import { type Clock, type Logger, systemClock } from "../ports";
import { columnsFor, csvLine, type CsvRecord } from "./acct-csv-format";
import { type AcctFileIo, PartialWriteError, nodeAcctFileIo } from "./acct-file-io";

export interface AcctCsvWriterOptions {
  logger: Logger;
  clock?: Clock;
  io?: AcctFileIo;
  /** Upper bound on how long a record waits in memory before its append starts. */
  flushIntervalMs?: number;
  /** Buffered bytes that trigger an append right away. */
  maxBufferBytes?: number;
}

/** Backoff for failed appends: doubles from the first delay up to the cap. */
const WRITE_RETRY = { firstDelayMs: 200, maxDelayMs: 30_000 } as const;

/** Lines formatted for one header (one column set). */
interface Segment {
  header: string;
  lines: string[];
}

export class AcctCsvWriter {
  readonly path: string;
  private records: ReadonlySet<AcctRecordType>;
  private columns: readonly string[];
  private header: string;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly io: AcctFileIo;
  private readonly flushIntervalMs: number;
  private readonly maxBufferBytes: number;

  private pending: Segment[] = [];
  private pendingBytes = 0;
  /** Lines accepted so far, and lines durably appended; flush waiters compare the two. */
  private acceptedSeq = 0;
  private writtenSeq = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining = false;
  private again = false;
  /** The header the file was found to have (or was given), once checked; null before. */
  private checkedHeader: string | null = null;
  private closed = false;
  private warnedClosed = false;

  constructor(config: Pick<AcctFileConfig, "path" | "records">, options: AcctCsvWriterOptions) {
    this.path = config.path;
    this.records = new Set(config.records);
    this.columns = columnsFor(this.records);
    this.header = this.columns.join(",");
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.io = options.io ?? nodeAcctFileIo;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBufferBytes = options.maxBufferBytes ?? 64 * 1024;
  }

  /** Changes which record types this file receives (config reload); takes effect for the next write. */
  setRecords(records: readonly AcctRecordType[]): void {
    this.records = new Set(records);
    this.columns = columnsFor(this.records);
    this.header = this.columns.join(",");
  }

  /** Queues the record if its type is selected. Synchronous, never throws, never touches the disk. */
  write(record: CsvRecord): void {
    if (this.closed) {
      if (!this.warnedClosed) this.logger.error("acct-file written after close; record not written", { path: this.path });
      this.warnedClosed = true;
      return;
    }
    if (!this.records.has(record.type)) return;
    const line = csvLine(record, this.columns);
    const last = this.pending[this.pending.length - 1];
    if (last?.header === this.header) last.lines.push(line);
    else this.pending.push({ header: this.header, lines: [line] });
    this.pendingBytes += Buffer.byteLength(line, "utf8");
    this.acceptedSeq++;
    if (this.pendingBytes >= this.maxBufferBytes) this.startDrain();
    else this.armTimer();
  }

  /** Resolves once every record written before the call is in the file (waits through retries). */
  flush(): Promise<void> {
    if (this.writtenSeq >= this.acceptedSeq) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ seq: this.acceptedSeq, resolve }));
    this.startDrain();
    return done;
  }

  /** Drains, then refuses further records (they are logged, not written). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private armTimer(): void {
    if (this.timer || this.draining) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startDrain();
    }, this.flushIntervalMs);
  }

  /** Starts a drain on a later tick (never on the caller's stack), or asks the running one to go on. */
  private startDrain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    setTimeout(() => void this.drain(), 0);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      await this.appendPending();
    } while (this.again || this.pendingBytes >= this.maxBufferBytes || (this.waiters.length > 0 && this.pending.length > 0));
    this.draining = false;
    if (this.pending.length > 0) this.armTimer();
  }

  /** Appends everything pending, one batch per header, retrying until it is in the file. */
  private async appendPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const segments = this.pending;
    const batchSeq = this.acceptedSeq;
    this.pending = [];
    this.pendingBytes = 0;
    for (const segment of segments) await this.appendSegment(segment);
    this.writtenSeq = batchSeq;
    const ready = this.waiters.filter((w) => w.seq <= batchSeq);
    this.waiters = this.waiters.filter((w) => w.seq > batchSeq);
    for (const w of ready) w.resolve();
  }

  private async appendSegment(segment: Segment): Promise<void> {
    const batch = Buffer.from(segment.lines.join(""), "utf8");
    const headerBytes = Buffer.from(`${segment.header}\r\n`, "utf8");
    let delay: number = WRITE_RETRY.firstDelayMs;
    // `data` is what is left to append (header included); null until the header decision is made.
    let data: Buffer | null = null;
    for (let attempt = 1; ; attempt++) {
      try {
        data ??= (await this.needsHeader(segment.header)) ? Buffer.concat([headerBytes, batch]) : batch;
        await this.io.append(this.path, data);
        break;
      } catch (err) {
        const written = err instanceof PartialWriteError ? err.bytesWritten : 0;
        // After a partial append, continue exactly where it stopped (even inside the header); after
        // a clean failure, decide about the header again, since the file may have been moved meanwhile.
        data = data !== null && written > 0 ? data.subarray(written) : null;
        const cause = err instanceof PartialWriteError ? err.cause : err;
        this.logger.error("acct-file append failed; retrying", { path: this.path, attempt, retryInMs: delay, error: String(cause) });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, WRITE_RETRY.maxDelayMs);
      }
    }
  }

  /** True when the file is new or empty; moves a file with a foreign header aside (once per header). */
  private async needsHeader(header: string): Promise<boolean> {
    const size = await this.io.size(this.path);
    if (size === 0) {
      this.checkedHeader = header;
      return true;
    }
    if (this.checkedHeader === header) return false;
    if ((await this.io.firstLine(this.path)) === header) {
      this.checkedHeader = header;
      return false;
    }
    const aside = await this.asideName();
    await this.io.rename(this.path, aside);
    this.checkedHeader = header;
    this.logger.warn("acct-file had different columns; moved aside", { path: this.path, movedTo: aside });
    return true;
  }

  private async asideName(): Promise<string> {
    const ext = extname(this.path);
    const base = this.path.slice(0, this.path.length - ext.length);
    const stamp = new Date(this.clock.now()).toISOString().replace(/^(\d+-\d+-\d+)T(\d+):(\d+).*$/, "$1-$2$3");
    for (let n = 0; ; n++) {
      const candidate = `${base}-${stamp}${n === 0 ? "" : `-${n}`}${ext}`;
      if (!(await this.io.exists(candidate))) return candidate;
    }
  }
}

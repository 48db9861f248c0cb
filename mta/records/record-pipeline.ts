/**
 * Where every accounting record goes after a delivery attempt: the configured CSV files and the
 * RecordSink (the console's database). `push` is the only call on the delivery path and it is
 * synchronous and O(1); all I/O happens later, in batches.
 *
 * Guarantees:
 * - the sink sees records in push order, in batches of at most `batchSize`, with at most one batch in
 *   flight (the RecordSink contract in ports.ts);
 * - a rejected batch is retried with backoff until it succeeds; records are never dropped, even
 *   past `MEMORY_WARNING_RECORDS` (only a warning is logged): losing accounting is worse than memory;
 * - `flush()` / `close()` resolve when everything pushed before the call is in every file and the sink.
 */

import type { AcctFileConfig } from "../config/types";
import type { Clock, Logger, RecordSink } from "../ports";
import { AcctCsvWriter } from "./acct-csv";
import type { AcctFileIo } from "./acct-file-io";
import type { FeedbackRecord } from "../processors/feedback-record";
import type { AcctRecord } from "./acct-record";

export interface RecordPipelineOptions {
  csvFiles: readonly AcctFileConfig[];
  sink?: RecordSink;
  logger: Logger;
  batchSize?: number;
  /** Longest a record waits before a sink batch starts. */
  flushIntervalMs?: number;
  clock?: Clock;
  /** For tests: the CSV writers' file operations. */
  io?: AcctFileIo;
}

export interface RecordPipeline {
  /** Hands a record over; synchronous, O(1), never throws. */
  push(record: AcctRecord): void;
  /**
   * Hands over an f/rb/rs record from a processor: it goes to the CSV files that select its type
   * only (the console stores these in the database itself, lib/services/feedback). Same contract as `push`.
   */
  pushFeedback(record: FeedbackRecord): void;
  /** Resolves when every record pushed so far is in the CSV files and the sink. */
  flush(): Promise<void>;
  /** Drains like `flush`, then stops; later pushes are logged and ignored. */
  close(): Promise<void>;
  /**
   * Applies a reloaded `<acct-file>` set: new paths get writers at once, removed ones are drained and
   * closed (the promise), kept ones keep their buffer and only change their record types.
   */
  reconfigure(csvFiles: readonly AcctFileConfig[]): Promise<void>;
  /** Records waiting for the sink (for health and the console). */
  readonly backlog: number;
}

/** Above this many records waiting for the sink, warn: the database is down or too slow. */
export const MEMORY_WARNING_RECORDS = 100_000;

/** Backoff for a rejected sink batch: doubles from the first delay up to the cap. */
const SINK_RETRY = { firstDelayMs: 250, maxDelayMs: 30_000 } as const;

export function createRecordPipeline(options: RecordPipelineOptions): RecordPipeline {
  const { sink, logger } = options;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const writers = new Map<string, AcctCsvWriter>();

  // Sink queue: records[head..] are waiting; the first `inFlight` of them are being written.
  let queue: AcctRecord[] = [];
  let head = 0;
  let inFlight = 0;
  let pushedSeq = 0;
  let sunkSeq = 0;
  let waiters: { seq: number; resolve: () => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerDelay = 0;
  let retryDelay: number = SINK_RETRY.firstDelayMs;
  let retrying = false;
  let warned = false;
  let closed = false;

  const openWriter = (file: AcctFileConfig) =>
    new AcctCsvWriter(file, { logger, ...(options.clock ? { clock: options.clock } : {}), ...(options.io ? { io: options.io } : {}) });

  for (const file of options.csvFiles) writers.set(file.path, openWriter(file));

  function waiting(): number {
    return queue.length - head;
  }

  /** Arms the batch timer; an immediate request replaces a pending interval timer. */
  function schedule(delayMs: number): void {
    if (inFlight > 0 || retrying) return;
    if (timer) {
      if (delayMs > 0 || timerDelay === 0) return;
      clearTimeout(timer);
    }
    timerDelay = delayMs;
    timer = setTimeout(() => {
      timer = null;
      sendBatch();
    }, delayMs);
  }

  function sendBatch(): void {
    if (!sink || inFlight > 0 || waiting() === 0) return;
    const batch = queue.slice(head, head + batchSize);
    inFlight = batch.length;
    Promise.resolve()
      .then(() => sink.write(batch))
      .then(
        () => {
          head += inFlight;
          sunkSeq += inFlight;
          inFlight = 0;
          retryDelay = SINK_RETRY.firstDelayMs;
          compact();
          resolveWaiters();
          const more = waiting();
          if (more >= batchSize || (more > 0 && waiters.length > 0)) schedule(0);
          else if (more > 0) schedule(flushIntervalMs);
        },
        (err: unknown) => {
          inFlight = 0;
          logger.warn("record sink batch failed; retrying", { records: batch.length, retryInMs: retryDelay, error: String(err) });
          retrying = true;
          setTimeout(() => {
            retrying = false;
            sendBatch();
          }, retryDelay);
          retryDelay = Math.min(retryDelay * 2, SINK_RETRY.maxDelayMs);
        },
      );
  }

  /** Drops sent records from the array's front once they are the majority, keeping shifts O(1) amortised. */
  function compact(): void {
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (waiting() < MEMORY_WARNING_RECORDS) warned = false;
  }

  function resolveWaiters(): void {
    const ready = waiters.filter((w) => w.seq <= sunkSeq);
    waiters = waiters.filter((w) => w.seq > sunkSeq);
    for (const w of ready) w.resolve();
  }

  function sinkFlushed(): Promise<void> {
    if (!sink || sunkSeq >= pushedSeq) return Promise.resolve();
    const done = new Promise<void>((resolve) => waiters.push({ seq: pushedSeq, resolve }));
    schedule(0);
    return done;
  }

  return {
    push(record) {
      if (closed) {
        logger.error("record pushed after the pipeline closed; ignored", { rcpt: record.rcpt, type: record.type });
        return;
      }
      for (const writer of writers.values()) writer.write(record);
      if (!sink) return;
      queue.push(record);
      pushedSeq++;
      const n = waiting();
      if (n > MEMORY_WARNING_RECORDS && !warned) {
        warned = true;
        logger.warn("record sink backlog is large; keeping every record in memory", { backlog: n });
      }
      schedule(n >= batchSize ? 0 : flushIntervalMs);
    },

    pushFeedback(record) {
      if (closed) {
        logger.error("record pushed after the pipeline closed; ignored", { rcpt: record.rcpt, type: record.type });
        return;
      }
      for (const writer of writers.values()) writer.write(record);
    },

    async flush() {
      await Promise.all([sinkFlushed(), ...[...writers.values()].map((w) => w.flush())]);
    },

    async close() {
      closed = true;
      await Promise.all([sinkFlushed(), ...[...writers.values()].map((w) => w.close())]);
      if (timer) clearTimeout(timer);
      timer = null;
    },

    async reconfigure(csvFiles) {
      const wanted = new Map(csvFiles.map((f) => [f.path, f]));
      const removed: AcctCsvWriter[] = [];
      for (const [path, writer] of writers) {
        if (!wanted.has(path)) {
          writers.delete(path);
          removed.push(writer);
        }
      }
      for (const [path, file] of wanted) {
        const existing = writers.get(path);
        if (existing) existing.setRecords(file.records);
        else writers.set(path, openWriter(file));
      }
      await Promise.all(removed.map((w) => w.close()));
    },

    get backlog() {
      return waiting();
    },
  };
}

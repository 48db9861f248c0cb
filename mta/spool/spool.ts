/**
 * The spool is the truth about accepted mail (Postfix's "the queue file is the truth"). Everything the
 * queues hold in memory is rebuilt from it at start.
 *
 * Durability contract, the reason this interface exists:
 * - `SpoolWriter.commit()` resolves only after the message bytes and its envelope are fdatasync'ed
 *   in their file in the queue directory (written there directly, or renamed there from tmp/ when an
 *   explicit id replaces a message), and that directory is fsync'ed. Only then may the SMTP listener
 *   answer 250. Concurrent commits share one directory fsync (group commit). A file is complete only
 *   once its trailer is written: recovery discards one without it (it was never acknowledged).
 * - `markDone()` resolves only after the recipient outcomes are durable in the journal. Concurrent
 *   calls share one fdatasync.
 * - A message whose recipients are all done is removed; the removal need not be durable, because a
 *   resurrected message only has done recipients and is dropped again at recovery.
 * - Delivery is at-least-once: a recipient delivered but not yet marked done is delivered again after
 *   a crash. Nothing acknowledged is ever lost.
 */

import type { Readable } from "node:stream";

export type DsnNotify = "NEVER" | { success: boolean; failure: boolean; delay: boolean };

export interface EnvelopeRecipient {
  /** As given in RCPT TO, with the domain in A-label (punycode) form. */
  address: string;
  /** RFC 3461 ORCPT, e.g. `rfc822;user@example.com`. */
  orcpt?: string;
  /** RFC 3461 NOTIFY; absent means the default (failure and delay). */
  notify?: DsnNotify;
  /** VirtualMTA chosen at reception for this recipient; absent means `{default}`. */
  vmta?: string;
  /** The pool `vmta` was picked from, if any (accounting's `vmtaPool`). */
  vmtaPool?: string;
}

export interface MessageSource {
  /** Feeder's IP address. */
  ip: string;
  /** Feeder's HELO/EHLO name. */
  helo: string;
  type: "smtp" | "api" | "local";
  tls?: boolean;
  user?: string;
}

export interface Envelope {
  /** Spool id: time-sortable, `[0-9a-z]`, unique per spool. */
  id: string;
  /** Epoch ms of reception. */
  receivedAt: number;
  /** Reverse path; "" for the null sender `<>`. */
  mailFrom: string;
  recipients: EnvelopeRecipient[];
  envId?: string;
  ret?: "FULL" | "HDRS";
  source: MessageSource;
  /** VirtualMTA chosen at reception (issue 3); absent means the default. */
  vmta?: string;
  jobId?: string;
  /**
   * Set on DSNs Hermod generated itself: the original message and the recipient indexes this DSN
   * reports. Recovery treats those recipients of the original as done, which makes DSN generation
   * idempotent across crashes (one DSN per failed recipient, never two).
   */
  dsnFor?: { id: string; recipients: number[] };
  /**
   * Inbound authentication done at reception (mta/inbound-auth), known only once the content ended:
   * it is written after the content (message-file.ts, the addendum) and prepended at delivery.
   */
  inboundAuth?: InboundAuthRecord;
  /** Message content size in bytes (canonical CRLF), known once committed. */
  size: number;
}

export interface InboundAuthRecord {
  /** `Authentication-Results: …` with CRLF line ends, ending in CRLF. */
  header: string;
  /** What an ARC seal at delivery repeats: the results value and the incoming chain's status. */
  arc?: { authResults: string; cv: "none" | "pass" | "fail" };
}

/** Envelope fields learnt only at the end of the content, stored by `SpoolWriter.commit`. */
export type EnvelopeAddendum = Pick<Envelope, "inboundAuth">;

export interface RecoveredMessage {
  envelope: Envelope;
  /** Indexes into `envelope.recipients` that are done (delivered, bounced, or reported by a DSN). */
  done: ReadonlySet<number>;
  /** Delivery attempts made so far (0 if never persisted). */
  attempts: number;
  /** Epoch ms of the next attempt as last persisted, or 0 for "now". */
  nextAttemptAt: number;
}

export interface SpoolWriter {
  readonly id: string;
  /**
   * Appends content bytes. Resolves when the caller may write more (back-pressure), so a message is
   * never held in memory as a whole.
   */
  write(chunk: Buffer): Promise<void>;
  /**
   * Makes the message durable (see the contract above) and returns its envelope with `size` set, and
   * the `addendum` fields, which are as durable as the rest of the envelope.
   */
  commit(addendum?: EnvelopeAddendum): Promise<Envelope>;
  /** Discards the temporary file. Safe to call after a failed write or commit; idempotent. */
  abort(): Promise<void>;
}

export interface SpoolStats {
  messages: number;
  bytes: number;
}

export interface Spool {
  /**
   * Recovery: deletes uncommitted temporaries, moves files that fail their integrity check to
   * `corrupt/` (never delivered half-read, never silently deleted), replays the journal, applies
   * `dsnFor` of spooled DSNs, drops messages with every recipient done, and compacts the journal.
   * Returns every live message. Must be called once before anything else.
   */
  open(): Promise<RecoveredMessage[]>;
  /**
   * Starts a message. `id` may be given to make creation idempotent (DSNs): committing a message with
   * an id that already exists replaces it atomically.
   */
  create(envelope: Omit<Envelope, "size" | "id">, opts?: { id?: string }): Promise<SpoolWriter>;
  /** The content as spooled, streamed from disk. */
  readBody(id: string): Readable;
  /** Durably records that these recipients of message `id` reached a final state. */
  markDone(id: string, recipients: number[]): Promise<void>;
  /**
   * Records the retry schedule. Not awaited by callers: it rides on the next journal sync, and losing
   * it in a crash only means an earlier retry.
   */
  setSchedule(id: string, attempts: number, nextAttemptAt: number): void;
  /** Deletes a message whose recipients are all done. */
  remove(id: string): Promise<void>;
  /** Bytes free on the spool's file system, for the MAIL FROM storage check. */
  freeBytes(): Promise<number>;
  stats(): SpoolStats;
  /** Flushes the journal and closes files. Pending commits finish first. */
  close(): Promise<void>;
}

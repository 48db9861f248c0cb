/**
 * One accounting record per delivery attempt outcome, in PowerMTA's vocabulary
 * (`../shared/reference/powermta.md` §2). It is the single source for the CSV accounting files, the
 * database rows behind the console, and the monitor's counters.
 */

/** `d` delivered, `b` bounced (permanent), `t` transient failure (will retry). */
export type DeliveryRecordType = "d" | "b" | "t";

export interface AcctRecord {
  type: DeliveryRecordType;
  /** Epoch ms the record was written. */
  timeLogged: number;
  /** Epoch ms the message was spooled. */
  timeQueued: number;
  /** MAIL FROM ("" for the null sender). */
  orig: string;
  rcpt: string;
  orcpt: string;
  /** `relayed`/`delivered` for d, `failed` for b, `delayed` for t. */
  dsnAction: "relayed" | "delivered" | "failed" | "delayed";
  /** e.g. `2.0.0 (success)`, `5.1.1 (bad destination mailbox address)`. */
  dsnStatus: string;
  /** e.g. `smtp;250 2.0.0 OK`. */
  dsnDiag: string;
  /** Remote MTA as `name (ip)`, empty when no connection was made. */
  dsnMta: string;
  /** Bounce category for b and t records (powermta.md §3); empty for d. */
  bounceCat: string;
  srcType: "smtp" | "api" | "local";
  /** Feeder as `helo (ip)`. */
  srcMta: string;
  dlvType: "smtp" | "";
  dlvSourceIp: string;
  dlvDestinationIp: string;
  /** Remote EHLO extensions, comma separated. */
  dlvEsmtpAvailable: string;
  dlvSize: number;
  vmta: string;
  jobId: string;
  envId: string;
  /** `domain/vmta`. */
  queue: string;
  vmtaPool: string;
  dlvTlsProtocol: string;
  dlvTlsCipher: string;
  /** Hermod's spool id; not a PowerMTA column, used by the console to join a message's attempts. */
  messageId: string;
}

/**
 * The listener's decisions before DATA, one function per SMTP stage: who may connect, who may send,
 * and to whom. What smtp-server leaves to the application is enforced here (reliability.md §3):
 * the recipient cap (452 4.5.3), the declared SIZE (552 5.3.4), free spool space (452 4.3.1),
 * relaying only for configured sources (554 5.7.1), and SMTPUTF8 gating (553 5.6.7). Who the client is
 * (SMTP AUTH, `require-auth`, the sender restrictions) is decided by auth-policy.ts.
 */

import { domainToASCII } from "node:url";
import type { SMTPServerAddress, SMTPServerSession } from "smtp-server";
import type { SourceSettings } from "../config/types";
import { Replies, type SmtpReplyError } from "../errors";
import type { AuthPolicy, AuthState } from "./auth-policy";
import type { SuppressionLookup } from "../ports";
import { sourceScope } from "../suppression/suppression-index";
import { suppressedReply } from "../suppression/suppression-reply";

/** The session's source (replaced by the user's once authenticated) and its SMTP AUTH user. */
export type SessionState = AuthState;

export interface PolicyContext {
  hostName(): string;
  sourceFor(ip: string): SourceSettings;
  isDraining(): boolean;
  /** Sessions currently open from `ip` on this listener, including the new one. */
  connectionsFrom(ip: string): number;
  maxConnectionsPerIp: number;
  /** Free bytes on the spool file system (cached by the caller). */
  freeSpoolBytes(): number;
  /** SMTP AUTH and the checks at MAIL FROM that depend on the authenticated user. */
  auth: AuthPolicy;
  /** The engine's suppression lists; absent: none are checked. */
  suppression?: SuppressionLookup;
  /**
   * Whether a `<feedback-loop-processor>` or `<bounce-processor>` takes mail for this address: such
   * mail comes from anywhere (reports are sent by the receivers), so no relaying permission or
   * suppression check applies to it.
   */
  isProcessorAddress?(address: string): boolean;
}

/** Reserve before accepting a message: 1.5 × the largest message, as Postfix's queue_minfree. */
const FREE_SPACE_FACTOR = 1.5;
/** Reserve when message size is unlimited. */
const UNLIMITED_RESERVE = 100 * 1024 * 1024;

export class SessionPolicy {
  private readonly states = new WeakMap<SMTPServerSession, SessionState>();

  constructor(private readonly ctx: PolicyContext) {}

  state(session: SMTPServerSession): SessionState {
    let state = this.states.get(session);
    if (!state) {
      state = { source: this.ctx.sourceFor(session.remoteAddress) };
      this.states.set(session, state);
    }
    return state;
  }

  /** Forgets what the session learnt (its user, the user's source): STARTTLS starts afresh (RFC 3207 §4.2). */
  forget(session: SMTPServerSession): void {
    this.states.delete(session);
  }

  onConnect(session: SMTPServerSession): SmtpReplyError | null {
    const host = this.ctx.hostName();
    if (this.ctx.isDraining()) return Replies.shuttingDown(host);
    if (this.ctx.connectionsFrom(session.remoteAddress) > this.ctx.maxConnectionsPerIp) {
      return Replies.tooManyConnectionsFrom(host, session.remoteAddress);
    }
    const { source } = this.state(session);
    if (!source.smtpService) return Replies.serviceRefused(host);
    return null;
  }

  onMailFrom(address: SMTPServerAddress, session: SMTPServerSession): SmtpReplyError | null {
    if (this.ctx.isDraining()) return Replies.shuttingDown(this.ctx.hostName());
    const state = this.state(session);
    const refusal = this.ctx.auth.onMailFrom(address, session, state);
    if (refusal) return refusal;
    const { source } = state;
    const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
    if (source.maxMessageSize > 0 && Number.isFinite(declared) && declared > source.maxMessageSize) return Replies.sizeExceeded();
    const reserve = source.maxMessageSize > 0 ? source.maxMessageSize * FREE_SPACE_FACTOR : UNLIMITED_RESERVE;
    if (this.ctx.freeSpoolBytes() < reserve) return Replies.insufficientStorage();
    this.ctx.auth.countMessage(session, state);
    return null;
  }

  /** Checks a recipient; on success returns its address with the domain in A-label form. */
  onRcptTo(address: SMTPServerAddress, session: SMTPServerSession): { error: SmtpReplyError } | { address: string } {
    const { source } = this.state(session);
    const normalized = toALabel(address.address);
    if (!normalized) return { error: Replies.badRecipient(address.address) };
    if (this.ctx.isProcessorAddress?.(normalized)) {
      if (session.envelope.rcptTo.length >= source.maxRcptPerMessage) return { error: Replies.tooManyRecipients() };
      return { address: normalized };
    }
    if (!source.alwaysAllowRelaying) return { error: Replies.relayDenied(normalized) };
    // Recipients already accepted stay accepted; only the ones over the cap are refused (RFC 5321 §4.5.3.1.10).
    if (session.envelope.rcptTo.length >= source.maxRcptPerMessage) return { error: Replies.tooManyRecipients() };
    const smtpUtf8 = Boolean((session.envelope as { smtpUtf8?: boolean }).smtpUtf8);
    if (!smtpUtf8 && /[^\x00-\x7f]/.test(normalized)) return { error: Replies.needSmtpUtf8() };
    // With `accept-invalid-recipients` the recipient is accepted here and bounced once queued (runtime.ts).
    if (this.ctx.suppression && !source.acceptInvalidRecipients) {
      const list = this.ctx.suppression.find(normalized, sourceScope(source));
      if (list !== null) return { error: suppressedReply(list) };
    }
    return { address: normalized };
  }
}

/** `local@domain` with the domain converted to its A-label (punycode) form; null when malformed. */
export function toALabel(address: string): string | null {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (/^\[.*\]$/.test(domain)) return `${local}@${domain.toLowerCase()}`;
  const ascii = domainToASCII(domain);
  if (!ascii || !/^[a-z0-9.-]+$/i.test(ascii) || ascii.startsWith(".") || ascii.includes("..")) return null;
  return `${local}@${ascii.toLowerCase()}`;
}

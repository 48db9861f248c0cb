/**
 * SMTP AUTH for one listener, and the sender restrictions that follow it (powermta.md §1.2 "SMTP AUTH
 * (inbound)", reliability.md P10/P11):
 * - PLAIN and LOGIN (and XOAUTH2 for accounts with an `oauth2-token`) only over TLS, unless the
 *   source has `allow-unencrypted-plain-auth yes` (538 5.7.11 otherwise; listener.ts answers it);
 * - one reply, 535 5.7.8, for an unknown user and for a wrong password (auth-credentials.ts);
 * - `smtp-max-auth-failure-rate` per client IP: over it, 454 4.7.0 without checking the password;
 * - once authenticated, the user's `source NAME` (or `<source {auth}>`) applies, the user may relay,
 *   and the user's `max-message-size` replaces the source's;
 * - at MAIL FROM: the source's `smtp-service`, `allowed-mail-from` (553 5.7.1) and
 *   `max-smtp-in-msg-rate` per client IP and per user (450 4.7.1).
 */

import type { SMTPServerAddress, SMTPServerSession } from "smtp-server";
import type { MtaConfig, SmtpUserConfig, SourceSettings } from "../config/types";
import { Replies, type SmtpReplyError } from "../errors";
import type { Logger } from "../ports";
import { SmtpUserDirectory, type Credentials } from "./auth-credentials";
import { RateWindows } from "./auth-rate-window";
import { AuthReplies } from "./auth-replies";
import { senderAllowed } from "./auth-sender";

/** The named source that applies to users without a `source` of their own (PowerMTA's default). */
export const AUTH_SOURCE = "{auth}";

export interface AuthContext {
  config(): MtaConfig;
  hostName(): string;
  /** Effective settings for a client address, with a named source layered on top. */
  sourceFor(ip: string, namedSource: string | undefined): SourceSettings;
  now(): number;
  logger: Logger;
}

/** What a session knows about its authentication. */
export interface AuthState {
  source: SourceSettings;
  user?: SmtpUserConfig;
}

export class AuthPolicy {
  private readonly failures = new RateWindows();
  private readonly messages = new RateWindows();
  private directory: { config: MtaConfig; users: SmtpUserDirectory } | null = null;

  constructor(private readonly ctx: AuthContext) {}

  /** The accounts of the running config (rebuilt after a reload). */
  private users(): SmtpUserDirectory {
    const config = this.ctx.config();
    if (this.directory?.config !== config) this.directory = { config, users: new SmtpUserDirectory(config.smtpUsers) };
    return this.directory.users;
  }

  /** Mechanisms to offer now: none without accounts; XOAUTH2 only when an account has a token. */
  mechanisms(): string[] {
    if (this.ctx.config().smtpUsers.length === 0) return [];
    return this.users().offersXoauth2 ? ["PLAIN", "LOGIN", "XOAUTH2"] : ["PLAIN", "LOGIN"];
  }

  /** Whether AUTH may be used on a session that is not (yet) encrypted. */
  plainAuthAllowed(state: AuthState): boolean {
    return state.source.allowUnencryptedPlainAuth;
  }

  /** Checks the credentials; on success the session's state switches to the user's source. */
  async authenticate(credentials: Credentials, session: SMTPServerSession, state: AuthState): Promise<SmtpReplyError | null> {
    const ip = session.remoteAddress;
    const limit = state.source.maxAuthFailureRate;
    if (this.failures.full(ip, limit, this.ctx.now())) {
      this.ctx.logger.warn("smtp auth throttled", { ip, user: forLog(credentials.username) });
      return AuthReplies.throttled();
    }
    const user = await this.users().verify(credentials);
    if (!user) {
      if (limit) this.failures.add(ip, limit, this.ctx.now());
      this.ctx.logger.info("smtp auth failed", { ip, user: forLog(credentials.username), method: credentials.method });
      return AuthReplies.failed();
    }
    const source = this.ctx.sourceFor(ip, user.source ?? AUTH_SOURCE);
    state.user = user;
    // An authenticated user may relay; a per-user size cap replaces the source's.
    state.source = { ...source, alwaysAllowRelaying: true, maxMessageSize: user.maxMessageSize ?? source.maxMessageSize };
    return null;
  }

  /** The checks at MAIL FROM that depend on who the client is. */
  onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, state: AuthState): SmtpReplyError | null {
    const { source, user } = state;
    if (source.requireAuth && !user) return Replies.authRequired();
    if (!source.smtpService) return Replies.serviceRefused(this.ctx.hostName());
    if (user?.allowedMailFrom && !senderAllowed(user.allowedMailFrom, address.address)) {
      return AuthReplies.senderNotOwned(address.address);
    }
    const now = this.ctx.now();
    if (this.messages.full(ipKey(session), source.maxSmtpInMsgRate, now)) return AuthReplies.tooMuchMail(session.remoteAddress);
    if (user && this.messages.full(userKey(user), user.maxSmtpInMsgRate ?? null, now)) return AuthReplies.tooMuchMail(user.name);
    return null;
  }

  /** Counts a MAIL FROM that every check accepted against `max-smtp-in-msg-rate` (client IP and user). */
  countMessage(session: SMTPServerSession, state: AuthState): void {
    const now = this.ctx.now();
    const { source, user } = state;
    if (source.maxSmtpInMsgRate) this.messages.add(ipKey(session), source.maxSmtpInMsgRate, now);
    if (user?.maxSmtpInMsgRate) this.messages.add(userKey(user), user.maxSmtpInMsgRate, now);
  }
}

const ipKey = (session: SMTPServerSession) => `ip:${session.remoteAddress}`;
const userKey = (user: SmtpUserConfig) => `user:${user.name}`;
/** A client-supplied user name for the log: smtp-server already refused control characters; cap its length. */
const forLog = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

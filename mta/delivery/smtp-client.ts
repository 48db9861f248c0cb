/**
 * A thin promise wrapper over nodemailer's SMTP connection: one outbound session bound to a source
 * address and HELO name, reused for several transactions. nodemailer does PIPELINING, STARTTLS and
 * dot-stuffing; this module adds what an MTA needs on top: per-recipient replies, TLS and EHLO facts
 * for accounting, and a clear line between "the transaction failed" and "the session is gone".
 */

import { isIP } from "node:net";
import type { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { authError, loginArgument, type OutboundAuth } from "./outbound-auth";

export interface SessionOptions {
  ip: string;
  port: number;
  /** Name used for TLS SNI and in `dsnMta`. */
  host: string;
  localAddress?: string;
  heloName: string;
  /** Opportunistic STARTTLS (`use-starttls`). */
  useStarttls: boolean;
  /** `require-starttls`: fail the session (so the mail is deferred) rather than send in clear. */
  requireStarttls?: boolean;
  connectTimeoutMs: number;
  greetingTimeoutMs: number;
  /** Inactivity limit for any reply, including after the final dot. */
  socketTimeoutMs: number;
  /** SMTP AUTH after EHLO/STARTTLS (`auth-username`, outbound-auth.ts); absent: no AUTH. */
  auth?: OutboundAuth;
}

export interface TransactionEnvelope {
  from: string;
  to: string[];
  size: number;
  dsn?: { ret?: "FULL" | "HDRS"; envid?: string; notify?: string[]; orcpt?: string };
}

/** A reply to one recipient: accepted (with the final DATA reply) or refused (with its RCPT reply). */
export interface RecipientReply {
  rcpt: string;
  accepted: boolean;
  reply: string;
}

export type TransactionResult =
  | { kind: "replied"; recipients: RecipientReply[]; sessionUsable: boolean }
  /** No usable reply: the session broke (timeout, reset, no answer after the dot). */
  | { kind: "session-failed"; error: string; code: string };

export interface SessionFacts {
  extensions: string[];
  tlsProtocol: string;
  tlsCipher: string;
  localAddress: string;
}

type NodemailerError = Error & {
  code?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  rejectedErrors?: NodemailerError[];
  recipient?: string;
};

/** How long QUIT may take before the connection is dropped. */
const QUIT_WAIT_MS = 2_000;

type TlsMode = "off" | "opportunistic" | "require";

/** An error from `open`; `tlsFailed`: it happened while setting up STARTTLS. */
type TlsAware = Error & { code?: string; status?: string; tlsFailed?: boolean };

type Internals = {
  _supportedExtensions?: string[];
  _socket?: { getProtocol?: () => string | null; getCipher?: () => { name: string }; localAddress?: string };
};

export class SmtpSession {
  private readonly conn: SMTPConnection;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  /** Resolves when the connection is gone. */
  private readonly ended: Promise<void>;

  private constructor(conn: SMTPConnection) {
    this.conn = conn;
    this.ended = new Promise((resolve) => conn.once("end", () => resolve()));
    conn.on("error", () => this.markClosed());
    conn.on("end", () => this.markClosed());
  }

  /**
   * Connects and completes the greeting, EHLO and (when offered and wanted) STARTTLS. Aborting
   * `signal` closes the attempt at once and rejects.
   *
   * TLS policy: with `use-starttls` a handshake that fails is retried once in clear on a new
   * connection (RFC 7435 opportunistic security, as Postfix does), so a peer with a broken TLS stack
   * still gets its mail. With `require-starttls` any STARTTLS failure (not offered, refused, handshake)
   * rejects with a local `ETLS` error that carries no reply and a 4.7.x `status`: the caller defers the
   * mail, and a 5xx answer to STARTTLS never turns into a bounce.
   */
  static async open(opts: SessionOptions, signal?: AbortSignal): Promise<SmtpSession> {
    const mode: TlsMode = opts.requireStarttls ? "require" : opts.useStarttls ? "opportunistic" : "off";
    try {
      return await SmtpSession.attempt(opts, mode, signal);
    } catch (err) {
      if (mode !== "opportunistic" || !(err as TlsAware).tlsFailed || signal?.aborted) throw err;
      return SmtpSession.attempt(opts, "off", signal);
    }
  }

  private static attempt(opts: SessionOptions, mode: TlsMode, signal?: AbortSignal): Promise<SmtpSession> {
    // SNI carries host names only (RFC 6066 §3); an `smtp-hosts [IP]` target sends none.
    const servername = isIP(opts.host) ? undefined : opts.host;
    const conn = new SMTPConnection({
      host: opts.ip,
      port: opts.port,
      servername,
      name: opts.heloName,
      localAddress: opts.localAddress,
      secure: false,
      ignoreTLS: mode === "off",
      opportunisticTLS: mode === "opportunistic",
      requireTLS: mode === "require",
      // Opportunistic TLS between MTAs: encrypt whatever the peer offers rather than fall back to
      // plaintext over an unverifiable certificate (RFC 7435).
      tls: { rejectUnauthorized: false, servername },
      connectionTimeout: opts.connectTimeoutMs,
      greetingTimeout: opts.greetingTimeoutMs,
      socketTimeout: opts.socketTimeoutMs,
      allowInternalNetworkInterfaces: true,
      logger: false,
    } as SMTPConnection.Options);
    const session = new SmtpSession(conn);
    return new Promise((resolve, reject) => {
      let settled = false;
      // The one way out of the attempt, on success, error, timeout or abort alike: nodemailer calls
      // the connect callback only on success, so cleaning up there alone left a listener (holding
      // this connection and its socket) on the shared signal for every failed connect.
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        conn.off("error", onError);
        return true;
      };
      const onError = (err: Error) => {
        if (settle()) reject(mode === "off" ? err : tlsPolicyError(conn, err as NodemailerError, mode));
      };
      const onAbort = () => {
        session.close();
        onError(Object.assign(new Error("connection attempt aborted: shutting down"), { code: "EABORT" }));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      conn.once("error", onError);
      conn.connect((err?: Error) => {
        if (err) return onError(err);
        if (!opts.auth) {
          if (settle()) resolve(session);
          return;
        }
        authenticate(conn, opts.auth).then(
          () => {
            if (settle()) resolve(session);
          },
          (authErr: Error) => {
            session.close();
            if (settle()) reject(authErr);
          },
        );
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  facts(): SessionFacts {
    const internals = this.conn as unknown as Internals;
    const socket = internals._socket;
    const secure = (this.conn as unknown as { secure?: boolean }).secure === true;
    return {
      extensions: [...(internals._supportedExtensions ?? [])],
      tlsProtocol: secure ? (socket?.getProtocol?.() ?? "") : "",
      tlsCipher: secure ? (socket?.getCipher?.()?.name ?? "") : "",
      localAddress: socket?.localAddress ?? "",
    };
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** One mail transaction. Never rejects: failures come back as results. */
  send(envelope: TransactionEnvelope, content: Readable | Buffer): Promise<TransactionResult> {
    return new Promise((resolve) => {
      this.conn.send(
        { from: envelope.from, to: envelope.to, size: envelope.size, dsn: envelope.dsn } as SMTPConnection.Envelope,
        content,
        (err, info) => {
          if (!err) {
            const rejected = new Map<string, string>();
            for (const e of (info.rejectedErrors ?? []) as NodemailerError[]) rejected.set(e.recipient ?? "", e.response ?? "");
            resolve({ kind: "replied", sessionUsable: !this.closed, recipients: replies(envelope.to, rejected, info.response) });
            return;
          }
          if (!Buffer.isBuffer(content)) content.destroy();
          resolve(this.failure(envelope, err as NodemailerError));
        },
      );
    });
  }

  /** RSET after a refused transaction, so the session can carry the next one. */
  reset(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => this.conn.reset((err) => resolve(!err)));
  }

  /**
   * Sends QUIT and resolves once the connection is gone (the peer closed it, or after `waitMs` it is
   * dropped): the connection counts against max-smtp-out until then, as the peer still sees it open.
   */
  async quit(waitMs = QUIT_WAIT_MS): Promise<void> {
    if (this.closed) return;
    this.markClosed();
    this.conn.quit();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.conn.close();
  }

  close(): void {
    this.markClosed();
    this.conn.close();
  }

  private failure(envelope: TransactionEnvelope, err: NodemailerError): TransactionResult {
    const reply = typeof err.response === "string" && /^[245]\d\d/.test(err.response) ? err.response : null;
    if (reply === null) {
      this.close();
      return { kind: "session-failed", error: err.message, code: err.code ?? "ECONNECTION" };
    }
    const rejected = new Map<string, string>();
    // A DATA failure carries no per-recipient errors; the RCPT refusals are still on the envelope.
    const envelopeErrors = (this.conn as unknown as { _envelope?: { rejectedErrors?: NodemailerError[] } })._envelope?.rejectedErrors;
    for (const e of err.rejectedErrors ?? envelopeErrors ?? []) rejected.set(e.recipient ?? "", e.response ?? reply);
    // MAIL FROM or DATA refused: that reply holds for every recipient not refused on its own.
    const recipients = envelope.to.map((rcpt) => ({ rcpt, accepted: false, reply: rejected.get(rcpt) ?? reply }));
    return { kind: "replied", recipients, sessionUsable: !this.closed };
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/**
 * Runs AUTH on a connected session. Refuses (4.7.0) to send credentials without TLS unless
 * `use-unencrypted-plain-auth`; a refused AUTH becomes a local 4.7.8 error carrying the host's reply,
 * so the mail is deferred rather than bounced (outbound-auth.ts).
 */
function authenticate(conn: SMTPConnection, auth: OutboundAuth): Promise<void> {
  const secure = (conn as unknown as { secure?: boolean }).secure === true;
  if (!secure && !auth.allowPlaintext) {
    return Promise.reject(
      authError("4.7.0", `auth-username ${auth.user}: no TLS on this connection; not sending credentials in clear (use-unencrypted-plain-auth is no)`),
    );
  }
  return new Promise((resolve, reject) => {
    conn.login(loginArgument(auth) as unknown as Parameters<SMTPConnection["login"]>[0], (err?: Error | null) => {
      if (!err) return resolve();
      const e = err as NodemailerError;
      const reply = typeof e.response === "string" ? e.response.replace(/\s+/g, " ").trim() : "";
      const method = e.command ? ` (${e.command})` : "";
      reject(authError("4.7.8", `auth-username ${auth.user}: authentication refused${method}: ${reply || e.message}`));
    });
  });
}

function replies(to: string[], rejected: Map<string, string>, dataReply: string): RecipientReply[] {
  return to.map((rcpt) => {
    const refusal = rejected.get(rcpt);
    return refusal !== undefined ? { rcpt, accepted: false, reply: refusal } : { rcpt, accepted: true, reply: dataReply };
  });
}

/**
 * Marks a failure that happened during STARTTLS (the reply to it, or the handshake). Under
 * `require-starttls` it becomes a local `ETLS` error without a reply, with the status Postfix uses:
 * 4.7.4 when the peer did not offer (or refused) STARTTLS, 4.7.5 when the handshake failed.
 */
function tlsPolicyError(conn: SMTPConnection, err: NodemailerError, mode: TlsMode): Error {
  const state = conn as unknown as { upgrading?: boolean; _plaintextEhlo?: string | false };
  const duringTls = err.code === "ETLS" || err.command === "STARTTLS" || state.upgrading === true;
  if (!duringTls || err.code === "EABORT") return err;
  if (mode === "opportunistic") return Object.assign(err, { tlsFailed: true });
  const ehlo = state._plaintextEhlo;
  const offered = typeof ehlo !== "string" || /[ -]STARTTLS\b/im.test(ehlo);
  const refusal = typeof err.response === "string" ? err.response.replace(/\s+/g, " ").trim() : "";
  const [status, message] = !offered
    ? ["4.7.4", "require-starttls: STARTTLS was not offered by the host"]
    : refusal && !state.upgrading
      ? ["4.7.4", `require-starttls: STARTTLS refused: ${refusal}`]
      : ["4.7.5", `require-starttls: TLS handshake failed: ${err.message.replace(/\s+/g, " ").trim()}`];
  return Object.assign(new Error(message), { code: "ETLS", status, tlsFailed: true });
}

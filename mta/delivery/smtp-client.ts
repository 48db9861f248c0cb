/**
 * A thin promise wrapper over nodemailer's SMTP connection: one outbound session bound to a source
 * address and HELO name, reused for several transactions. nodemailer does PIPELINING, STARTTLS and
 * dot-stuffing; this module adds what an MTA needs on top: per-recipient replies, TLS and EHLO facts
 * for accounting, and a clear line between "the transaction failed" and "the session is gone".
 */

import type { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";

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

type Internals = {
  _supportedExtensions?: string[];
  _socket?: { getProtocol?: () => string | null; getCipher?: () => { name: string }; localAddress?: string };
};

export class SmtpSession {
  private readonly conn: SMTPConnection;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(conn: SMTPConnection) {
    this.conn = conn;
    conn.on("error", () => this.markClosed());
    conn.on("end", () => this.markClosed());
  }

  /**
   * Connects and completes the greeting, EHLO and (when offered and wanted) STARTTLS. Aborting
   * `signal` closes the attempt at once and rejects.
   */
  static open(opts: SessionOptions, signal?: AbortSignal): Promise<SmtpSession> {
    const conn = new SMTPConnection({
      host: opts.ip,
      port: opts.port,
      servername: opts.host,
      name: opts.heloName,
      localAddress: opts.localAddress,
      secure: false,
      ignoreTLS: !opts.useStarttls && !opts.requireStarttls,
      opportunisticTLS: opts.useStarttls && !opts.requireStarttls,
      requireTLS: opts.requireStarttls === true,
      // Opportunistic TLS between MTAs: encrypt whatever the peer offers rather than fall back to
      // plaintext over an unverifiable certificate (RFC 7435).
      tls: { rejectUnauthorized: false, servername: opts.host },
      connectionTimeout: opts.connectTimeoutMs,
      greetingTimeout: opts.greetingTimeoutMs,
      socketTimeout: opts.socketTimeoutMs,
      allowInternalNetworkInterfaces: true,
      logger: false,
    } as SMTPConnection.Options);
    const session = new SmtpSession(conn);
    return new Promise((resolve, reject) => {
      let settled = false;
      const onError = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      const onAbort = () => {
        session.close();
        onError(Object.assign(new Error("connection attempt aborted: shutting down"), { code: "EABORT" }));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      conn.once("error", onError);
      conn.connect((err?: Error) => {
        signal?.removeEventListener("abort", onAbort);
        if (settled) return;
        settled = true;
        conn.off("error", onError);
        if (err) return reject(err);
        resolve(session);
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

  quit(): void {
    if (this.closed) return;
    this.markClosed();
    this.conn.quit();
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

function replies(to: string[], rejected: Map<string, string>, dataReply: string): RecipientReply[] {
  return to.map((rcpt) => {
    const refusal = rejected.get(rcpt);
    return refusal !== undefined ? { rcpt, accepted: false, reply: refusal } : { rcpt, accepted: true, reply: dataReply };
  });
}

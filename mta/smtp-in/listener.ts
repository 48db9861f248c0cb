/**
 * One SMTP listener (`smtp-listener IP:PORT`) on smtp-server, with what the library leaves to the
 * application: session policy (session-policy.ts), streaming reception into the spool (receive.ts),
 * the 512-octet command line limit, exact enhanced status codes, SMTP AUTH (auth-policy.ts: offered
 * only over TLS, 538 5.7.11 before it), and a graceful drain on shutdown.
 */

import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import type { ListenerConfig, SourceSettings } from "../config/types";
import { Replies } from "../errors";
import type { Credentials } from "./auth-credentials";
import { AuthPolicy } from "./auth-policy";
import { AuthReplies } from "./auth-replies";
import type { Logger, SuppressionLookup } from "../ports";
import { receiveMessage, type ReceiveContext } from "./receive";
import { SessionPolicy } from "./session-policy";

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
const MAX_COMMAND_LINE = 510;
/** AUTH lines may carry long SASL blobs (RFC 4954 §4 allows 12288). */
const MAX_AUTH_LINE = 12_288;
const ENHANCED_PREFIX = /^[245]\.\d{1,3}\.\d{1,3} /;

export interface ListenerContext extends ReceiveContext {
  hostName(): string;
  sourceFor(ip: string, namedSource: string | undefined): SourceSettings;
  isDraining(): boolean;
  freeSpoolBytes(): number;
  /** Largest message size any source allows (0 = unlimited), advertised in EHLO SIZE. */
  advertisedSize(): number;
  tls?: { key: Buffer; cert: Buffer; passphrase?: string };
  maxConnectionsPerIp?: number;
  maxClients?: number;
  suppression?: SuppressionLookup;
}

type Connection = {
  init(): void;
  connectionReady(): void;
  send(code: number, data?: string | string[], context?: unknown): void;
  _setListeners(callback: () => void): void;
  _server: { options: SMTPServerOptions; connections: Set<unknown> };
  name: string;
  _onCommand(command: Buffer, callback: () => void): void;
  _nextHandler?: unknown | false;
  _isSupported(command: string): boolean;
  handler_EHLO(command: Buffer, callback: () => void): void;
  secure: boolean;
  session: SMTPServerSession;
};

/** What the connections need to know about SMTP AUTH, asked afresh for every EHLO and AUTH. */
interface AuthHooks {
  /** Mechanisms to offer; none means AUTH is not offered at all. */
  mechanisms(): string[];
  /** Whether AUTH may be used on this session before TLS (`allow-unencrypted-plain-auth`). */
  plainAuthAllowed(session: SMTPServerSession): boolean;
}

/** smtp-server with Hermod's connection-level rules applied to every connection it creates. */
class HermodSmtpServer extends SMTPServer {
  constructor(options: SMTPServerOptions, auth: AuthHooks) {
    super(options);
    // smtp-server registers each new connection in this set before it reads a byte from it.
    const connections = (this as unknown as { connections: Set<Connection> }).connections;
    const add = connections.add.bind(connections);
    connections.add = (connection: Connection) => {
      harden(connection);
      gateAuth(connection, auth);
      return add(connection);
    };
  }
}

function harden(connection: Connection): void {
  // smtp-server holds every greeting back 100 ms to catch clients that talk before it (a port-25
  // anti-spam trick). Hermod's feeders are the operator's own applications, many of which open a
  // connection per message: that pause alone capped relaying at 10 messages/s per session.
  // Early talkers are still refused ("You talk too soon") until the greeting is out.
  connection.init = () => {
    connection._setListeners(() => {
      const { maxClients } = connection._server.options;
      if (maxClients && connection._server.connections.size > maxClients) {
        return connection.send(421, `${connection.name} Too many connected clients, try again in a moment`, false);
      }
      connection.connectionReady();
    });
  };
  const onCommand = connection._onCommand.bind(connection);
  connection._onCommand = (command, callback) => {
    const authLine = connection._nextHandler || /^AUTH\b/i.test(command.subarray(0, 5).toString("latin1"));
    if (command.length > (authLine ? MAX_AUTH_LINE : MAX_COMMAND_LINE)) {
      const e = authLine ? AuthReplies.saslTooLong() : Replies.lineTooLong();
      connection._nextHandler = false; // an AUTH exchange in progress ends here
      connection.send(e.responseCode, e.message, false);
      return callback();
    }
    onCommand(command, callback);
  };
  // Replies whose text starts with an enhanced code keep exactly that code; smtp-server would
  // otherwise prefix its own generic one (552 → 5.2.2 instead of 5.3.4).
  const send = connection.send.bind(connection);
  connection.send = (code, data, context) => {
    if (typeof data === "string" && ENHANCED_PREFIX.test(data)) return send(code, data, false);
    return send(code, data, context);
  };
}

/**
 * AUTH is offered (EHLO) and accepted only when there are accounts, and before TLS only when the
 * source allows it: otherwise `538 5.7.11`. The mechanisms are set on the shared options right before
 * smtp-server reads them (synchronously), so a reload that adds the first account takes effect at once.
 */
function gateAuth(connection: Connection, hooks: AuthHooks): void {
  const offered = connection._server.options.authMethods!;
  const refresh = () => offered.splice(0, offered.length, ...hooks.mechanisms());
  const usable = () => connection.secure || hooks.plainAuthAllowed(connection.session);
  const isSupported = connection._isSupported.bind(connection);
  connection._isSupported = (command) =>
    /^\s*AUTH\s*$/i.test(command) ? isSupported(command) && offered.length > 0 && usable() : isSupported(command);
  const ehlo = connection.handler_EHLO.bind(connection);
  connection.handler_EHLO = (command, callback) => {
    refresh();
    ehlo(command, callback);
  };
  const onCommand = connection._onCommand.bind(connection);
  connection._onCommand = (command, callback) => {
    if (connection._nextHandler || !/^AUTH\b/i.test(command.subarray(0, 5).toString("latin1"))) return onCommand(command, callback);
    refresh();
    const refusal = offered.length === 0 ? AuthReplies.notEnabled() : usable() ? null : AuthReplies.encryptionRequired();
    if (!refusal) return onCommand(command, callback);
    connection.send(refusal.responseCode, refusal.message, false);
    callback();
  };
}

export class Listener {
  private readonly server: HermodSmtpServer;
  private readonly policy: SessionPolicy;
  private readonly auth: AuthPolicy;
  private readonly perIp = new Map<string, number>();
  private receiving = 0;
  private drained: (() => void) | null = null;

  constructor(
    readonly config: ListenerConfig,
    private readonly ctx: ListenerContext,
    private readonly logger: Logger,
  ) {
    this.auth = new AuthPolicy({
      config: () => ctx.config(),
      hostName: () => ctx.hostName(),
      sourceFor: (ip, named) => ctx.sourceFor(ip, named),
      now: () => ctx.clock.now(),
      logger,
    });
    this.policy = new SessionPolicy({
      hostName: () => ctx.hostName(),
      sourceFor: (ip) => ctx.sourceFor(ip, config.source),
      isDraining: () => ctx.isDraining(),
      connectionsFrom: (ip) => this.perIp.get(ip) ?? 0,
      maxConnectionsPerIp: ctx.maxConnectionsPerIp ?? 200,
      freeSpoolBytes: () => ctx.freeSpoolBytes(),
      auth: this.auth,
      suppression: ctx.suppression,
      isProcessorAddress: ctx.isProcessorAddress,
    });
    const options: SMTPServerOptions = {
      name: ctx.hostName(),
      banner: "Hermod ESMTP",
      size: ctx.advertisedSize() || undefined,
      hideENHANCEDSTATUSCODES: false,
      hideDSN: false,
      hideSMTPUTF8: false,
      hide8BITMIME: false,
      authOptional: true,
      // smtp-server's own "must issue STARTTLS" (538 without 5.7.11) is replaced by gateAuth's.
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN", "XOAUTH2"],
      maxClients: ctx.maxClients ?? 2000,
      useXClient: false,
      useXForward: false,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 2_000,
      ...(ctx.tls ? { ...ctx.tls } : { hideSTARTTLS: true, disabledCommands: ["STARTTLS"] }),
      onConnect: (session, cb) => {
        this.perIp.set(session.remoteAddress, (this.perIp.get(session.remoteAddress) ?? 0) + 1);
        cb(this.policy.onConnect(session) ?? undefined);
      },
      onClose: (session) => {
        const n = (this.perIp.get(session.remoteAddress) ?? 1) - 1;
        if (n <= 0) this.perIp.delete(session.remoteAddress);
        else this.perIp.set(session.remoteAddress, n);
      },
      onSecure: (_socket, session, cb) => {
        this.policy.forget(session);
        cb();
      },
      onAuth: (auth, session, cb) => {
        const credentials = credentialsOf(auth);
        if (!credentials) return cb(AuthReplies.unknownMechanism());
        this.auth
          .authenticate(credentials, session, this.policy.state(session))
          .then((refusal) => (refusal ? cb(refusal) : cb(null, { user: credentials.username })))
          .catch((err: Error) => {
            this.logger.error("smtp auth error", { error: String(err) });
            cb(AuthReplies.throttled());
          });
      },
      onMailFrom: (address, session, cb) => cb(this.policy.onMailFrom(address, session) ?? undefined),
      onRcptTo: (address, session, cb) => {
        const result = this.policy.onRcptTo(address, session);
        if ("error" in result) return cb(result.error);
        address.address = result.address;
        cb();
      },
      onData: (stream, session, cb) => this.onData(stream, session, cb),
    };
    this.server = new HermodSmtpServer(options, {
      mechanisms: () => this.auth.mechanisms(),
      plainAuthAllowed: (session) => this.auth.plainAuthAllowed(this.policy.state(session)),
    });
    this.server.on("error", (err) => this.logger.warn("smtp listener error", { listener: this.name, error: String(err) }));
  }

  get name(): string {
    return `${this.config.host}:${this.config.port}`;
  }

  /** Open SMTP sessions on this listener. */
  get connections(): number {
    return (this.server as unknown as { connections: Set<unknown> }).connections.size;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.server.once("error", onError);
      this.server.listen(this.config.port, this.config.host.replace(/^\[|\]$/g, ""), () => {
        this.server.server.off("error", onError);
        resolve();
      });
    });
  }

  /**
   * Graceful stop: new sessions already get 421 (the context reports draining); waits for messages
   * in DATA to be spooled and answered, at most `graceMs`, then closes every session with 421.
   */
  async close(graceMs: number): Promise<void> {
    if (this.receiving > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onData(stream: NodeJS.ReadableStream, session: SMTPServerSession, cb: (err?: Error | null, message?: string) => void): void {
    this.receiving++;
    receiveMessage(stream as unknown as import("node:stream").Readable, session, this.policy.state(session), this.ctx)
      .then((id) => cb(null, `Ok: queued as ${id}`))
      .catch((err: Error) => cb(err))
      .finally(() => {
        this.receiving--;
        if (this.receiving === 0 && this.drained) this.drained();
      });
  }
}

function credentialsOf(auth: { method: string; username?: string | null; password?: string | null; accessToken?: string | null }): Credentials | null {
  const username = auth.username ?? "";
  if (auth.method === "PLAIN" || auth.method === "LOGIN") return { method: auth.method, username, password: auth.password ?? "" };
  if (auth.method === "XOAUTH2") return { method: "XOAUTH2", username, accessToken: auth.accessToken ?? "" };
  return null;
}

/**
 * One SMTP listener (`smtp-listener IP:PORT`) on smtp-server, with what the library leaves to the
 * application: session policy (session-policy.ts), streaming reception into the spool (receive.ts),
 * the 512-octet command line limit, exact enhanced status codes, and a graceful drain on shutdown.
 */

import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import type { ListenerConfig, SourceSettings } from "../config/types";
import { Replies } from "../errors";
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
  _nextHandler?: unknown;
};

/** smtp-server with Hermod's connection-level rules applied to every connection it creates. */
class HermodSmtpServer extends SMTPServer {
  constructor(options: SMTPServerOptions) {
    super(options);
    // smtp-server registers each new connection in this set before it reads a byte from it.
    const connections = (this as unknown as { connections: Set<Connection> }).connections;
    const add = connections.add.bind(connections);
    connections.add = (connection: Connection) => {
      harden(connection);
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
      const e = Replies.lineTooLong();
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

export class Listener {
  private readonly server: HermodSmtpServer;
  private readonly policy: SessionPolicy;
  private readonly perIp = new Map<string, number>();
  private receiving = 0;
  private drained: (() => void) | null = null;

  constructor(
    readonly config: ListenerConfig,
    private readonly ctx: ListenerContext,
    private readonly logger: Logger,
  ) {
    this.policy = new SessionPolicy({
      hostName: () => ctx.hostName(),
      sourceFor: (ip) => ctx.sourceFor(ip, config.source),
      isDraining: () => ctx.isDraining(),
      connectionsFrom: (ip) => this.perIp.get(ip) ?? 0,
      maxConnectionsPerIp: ctx.maxConnectionsPerIp ?? 200,
      freeSpoolBytes: () => ctx.freeSpoolBytes(),
      suppression: ctx.suppression,
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
      disabledCommands: ["AUTH"],
      maxClients: ctx.maxClients ?? 2000,
      useXClient: false,
      useXForward: false,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 2_000,
      ...(ctx.tls ? { ...ctx.tls } : { hideSTARTTLS: true, disabledCommands: ["AUTH", "STARTTLS"] }),
      onConnect: (session, cb) => {
        this.perIp.set(session.remoteAddress, (this.perIp.get(session.remoteAddress) ?? 0) + 1);
        cb(this.policy.onConnect(session) ?? undefined);
      },
      onClose: (session) => {
        const n = (this.perIp.get(session.remoteAddress) ?? 1) - 1;
        if (n <= 0) this.perIp.delete(session.remoteAddress);
        else this.perIp.set(session.remoteAddress, n);
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
    this.server = new HermodSmtpServer(options);
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

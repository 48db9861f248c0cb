/**
 * One listening port of the loopback sink, on smtp-server: records each connection and transaction
 * into the shared SinkLog, and answers as the plan (or a legacy callback script) says. Test-only.
 */

import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";
import type { SinkConnection, SinkLog, SinkMessage, SinkTransaction } from "./sink-log";
import {
  AttemptCounter,
  REPLIES,
  TrailingRate,
  closesAfter,
  domainOf,
  parseReply,
  ruleFor,
  stepAt,
  type SinkListenerBehaviour,
  type SinkPlan,
  type SinkRule,
  type SinkStep,
} from "./sink-plan";

/** Callbacks, the original sink's API: a reply string refuses, undefined leaves it to the plan. */
export interface SinkScript {
  rcpt?(address: string, session: SMTPServerSession): string | undefined;
  data?(message: SinkMessage): string | undefined;
  /** Milliseconds to wait before answering the final dot. */
  dataDelayMs?(message: SinkMessage): number;
}

/** State shared by every listener of one sink. */
export interface SinkShared {
  /** Read on every command, so tests may change it while the sink runs. */
  plan: SinkPlan;
  script: SinkScript;
  log: SinkLog;
  attempts: AttemptCounter;
  rate: TrailingRate;
  nextConnectionId: () => number;
}

export interface SinkListener {
  port: number;
  close(): Promise<void>;
}

/** The parts of smtp-server's SMTPConnection the sink reaches into (its `close` and `upgrade`). */
interface Connection {
  id: string;
  close(): void;
  upgrade(callback: () => void, secureCallback?: () => void): void;
}

interface ConnState {
  record: SinkConnection;
  socket: Socket;
  /** Records the end of the connection; listens on the raw socket. */
  onClose: () => void;
  conn: Connection | null;
  /** Suppresses smtp-server's automatic close after the next 421. */
  keepOpen: boolean;
  tlsStarted: boolean;
  tx: SinkTransaction | null;
  /** The rule and attempt number of the transaction's first accepted recipient (it decides DATA). */
  dataRule: { rule: SinkRule | undefined; attempt: number } | null;
}

const DEFAULT_DATA_OK = "2.0.0 Ok: queued";

function replyError(reply: string): Error & { responseCode: number } {
  const { code, text } = parseReply(reply);
  return Object.assign(new Error(text), { responseCode: code });
}

const peerKey = (address: string | undefined, port: number | undefined) => `${address ?? ""}:${port ?? 0}`;

export async function startListener(opts: {
  host: string;
  port: number;
  /** The destination domain of a dedicated listener, null for the shared one. */
  domain: string | null;
  behaviour: SinkListenerBehaviour;
  tlsCredentials?: { key: Buffer | string; cert: Buffer | string };
  shared: SinkShared;
}): Promise<SinkListener> {
  const { shared, behaviour } = opts;
  const { log } = shared;
  const tlsMode = behaviour.tls ?? "none";
  const byPeer = new Map<string, ConnState>();
  const bySession = new Map<string, ConnState>();
  const sockets = new Set<Socket>();

  const state = (session: SMTPServerSession): ConnState | undefined => bySession.get(session.id);

  /** Waits `step.delayMs`, then answers unless the step is silent; afterwards closes if asked to. */
  const respond = (s: ConnState | undefined, step: SinkStep, answer: () => void) => {
    if (step.silent) return;
    const go = () => {
      const keep = step.close === false && step.reply !== undefined && parseReply(step.reply).code === 421;
      if (s) s.keepOpen = keep;
      answer();
      if (s) s.keepOpen = false;
      if (closesAfter(step) && s?.conn && !(step.reply && parseReply(step.reply).code === 421)) s.conn.close();
      log.changed();
    };
    if (step.delayMs && step.delayMs > 0) setTimeout(go, step.delayMs);
    else go();
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: tlsMode === "none" ? ["AUTH", "STARTTLS"] : ["AUTH"],
    ...(tlsMode === "none" ? { hideSTARTTLS: true } : (opts.tlsCredentials ?? {})),
    // A handshake that fails: no protocol version a current client accepts.
    ...(tlsMode === "fail" ? { minVersion: "TLSv1" as const, maxVersion: "TLSv1" as const } : {}),
    // Replies go out exactly as planned ("450 4.2.1 busy"), not with a second enhanced code added.
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(session, cb) {
      const s = byPeer.get(peerKey(session.remoteAddress, session.remotePort));
      if (!s) return cb();
      bySession.set(session.id, s);
      const conn = [...(server as unknown as { connections: Set<Connection> }).connections].find((c) => c.id === session.id) ?? null;
      if (conn) {
        s.conn = conn;
        const close = conn.close.bind(conn);
        conn.close = () => void (s.keepOpen || close());
        const upgrade = conn.upgrade.bind(conn);
        conn.upgrade = (callback, secureCallback) => {
          s.tlsStarted = true;
          upgrade(callback, secureCallback);
          // upgrade() removed every listener of the raw socket, ours too.
          s.socket.once("close", s.onClose);
        };
      }
      if (behaviour.silent) return;
      if (behaviour.greetingDelayMs) setTimeout(() => cb(), behaviour.greetingDelayMs);
      else cb();
    },
    onSecure(socket, session, cb) {
      const s = state(session);
      const cipher = session.tlsOptions ? session.tlsOptions.name : "";
      if (s) s.record.tls = { protocol: (socket as TLSSocket).getProtocol?.() ?? "", cipher };
      log.changed();
      cb();
    },
    onMailFrom(address: SMTPServerAddress, session, cb) {
      const s = state(session);
      if (s) {
        s.record.helo = session.hostNameAppearsAs || null;
        s.tx = {
          connection: s.record,
          at: Date.now(),
          helo: session.hostNameAppearsAs || "",
          tls: s.record.tls,
          from: address.address,
          rcpts: [],
          dataAt: null,
          reply: null,
          repliedAt: null,
          message: null,
        };
        s.dataRule = null;
        log.transactions.push(s.tx);
        log.changed();
      }
      cb();
    },
    onRcptTo(address: SMTPServerAddress, session, cb) {
      const s = state(session);
      const now = Date.now();
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
      const attempt = shared.attempts.next(from, address.address);
      const domain = domainOf(address.address);
      const rcpt = { address: address.address, at: now, attempt, reply: null as string | null };
      s?.tx?.rcpts.push(rcpt);
      s?.record.domains.add(domain);
      log.changed();
      const legacy = shared.script.rcpt?.(address.address, session);
      const rule = ruleFor(shared.plan, address.address);
      const limit = rule?.rateLimit;
      const step: SinkStep = legacy
        ? { reply: legacy }
        : limit && shared.rate.count(domain, now) >= limit.perSecond
          ? { reply: limit.reply ?? REPLIES.rateLimited, ...(limit.close === undefined ? {} : { close: limit.close }) }
          : stepAt(rule?.rcpt, attempt);
      respond(s, step, () => {
        if (step.reply && parseReply(step.reply).code >= 400) {
          rcpt.reply = step.reply;
          return cb(replyError(step.reply));
        }
        rcpt.reply = "250 Accepted";
        if (s && !s.dataRule) s.dataRule = { rule: legacy ? undefined : rule, attempt };
        cb();
      });
    },
    onData(stream, session, cb) {
      const s = state(session);
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const now = Date.now();
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks),
          remoteAddress: session.remoteAddress,
          helo: session.hostNameAppearsAs,
          secure: session.secure,
          at: now,
        };
        const tx = s?.tx ?? null;
        if (tx) tx.dataAt = now;
        const legacy = shared.script.data?.(message);
        const legacyDelay = shared.script.dataDelayMs?.(message) ?? 0;
        const planned = stepAt(s?.dataRule?.rule?.data, s?.dataRule?.attempt ?? 0);
        const step: SinkStep = legacy ? { reply: legacy, delayMs: legacyDelay } : { ...planned, delayMs: (planned.delayMs ?? 0) + legacyDelay };
        respond(s, step, () => {
          const at = Date.now();
          if (tx) tx.repliedAt = at;
          if (step.reply && parseReply(step.reply).code >= 400) {
            if (tx) tx.reply = step.reply;
            return cb(replyError(step.reply));
          }
          const text = step.reply ? parseReply(step.reply).text : DEFAULT_DATA_OK;
          message.at = at;
          if (tx) {
            tx.reply = `250 ${text}`;
            tx.message = message;
            for (const d of new Set(message.to.map(domainOf))) shared.rate.add(d, at);
          }
          log.messages.push(message);
          cb(null, text);
        });
      });
    },
  });
  server.on("error", () => undefined);
  server.server.on("connection", (socket: Socket) => {
    const record: SinkConnection = {
      id: shared.nextConnectionId(),
      localPort: socket.localPort ?? 0,
      listenerDomain: opts.domain,
      domains: new Set(opts.domain ? [opts.domain] : []),
      clientAddress: socket.remoteAddress ?? "",
      clientPort: socket.remotePort ?? 0,
      openedAt: Date.now(),
      closedAt: null,
      helo: null,
      tls: null,
      tlsFailed: false,
    };
    const key = peerKey(socket.remoteAddress, socket.remotePort);
    const onClose = () => {
      record.closedAt ??= Date.now();
      record.tlsFailed = s.tlsStarted && record.tls === null;
      sockets.delete(socket);
      byPeer.delete(key);
      if (s.conn) bySession.delete(s.conn.id);
      log.changed();
    };
    const s: ConnState = { record, socket, onClose, conn: null, keepOpen: false, tlsStarted: false, tx: null, dataRule: null };
    byPeer.set(key, s);
    sockets.add(socket);
    log.connections.push(record);
    log.changed();
    socket.once("close", onClose);
    // The connection is over once either side has ended it (the sink after 221 or 421, the client
    // with its FIN): 'close' comes a loop turn later, possibly after a new connection from the same
    // client was accepted, which would look like one connection too many.
    const ended = () => (record.closedAt ??= Date.now());
    socket.once("finish", ended);
    socket.once("end", ended);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Silent and half-finished sessions would hold close() for smtp-server's 30 s grace.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

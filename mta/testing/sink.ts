/**
 * A loopback SMTP sink for tests, on smtp-server: records every message it accepts with its envelope,
 * the client's address and HELO, and TLS state, and answers as a script says. Test-only: nothing in
 * production imports it.
 */

import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";

export interface SinkMessage {
  from: string;
  to: string[];
  data: Buffer;
  remoteAddress: string;
  helo: string;
  secure: boolean;
  at: number;
}

/** A reply for a stage: undefined accepts, a string like "550 5.1.1 User unknown" refuses. */
export interface SinkScript {
  rcpt?(address: string, session: SMTPServerSession): string | undefined;
  data?(message: SinkMessage): string | undefined;
  /** Milliseconds to wait before answering the final dot. */
  dataDelayMs?(message: SinkMessage): number;
}

export interface Sink {
  port: number;
  messages: SinkMessage[];
  /** Resolves when at least `n` messages have been accepted, or rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

function replyError(reply: string): Error & { responseCode: number } {
  const m = /^(\d{3})\s+(.*)$/.exec(reply);
  return Object.assign(new Error(m ? m[2] : reply), { responseCode: m ? Number(m[1]) : 550 });
}

export async function startSink(opts: { host?: string; port?: number; script?: SinkScript; tls?: { key: Buffer; cert: Buffer } } = {}): Promise<Sink> {
  const messages: SinkMessage[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const script = opts.script ?? {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: opts.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { hideSTARTTLS: true }),
    // Replies go out exactly as scripted ("450 4.2.1 busy"), not with a second enhanced code added.
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address: SMTPServerAddress, session, cb) {
      const reply = script.rcpt?.(address.address, session);
      cb(reply ? replyError(reply) : undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks),
          remoteAddress: session.remoteAddress,
          helo: session.hostNameAppearsAs,
          secure: session.secure,
          at: Date.now(),
        };
        const answer = () => {
          const reply = script.data?.(message);
          if (reply) return cb(replyError(reply));
          messages.push(message);
          for (const w of waiters.filter((w) => messages.length >= w.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
          cb(null, "2.0.0 Ok: queued");
        };
        const delay = script.dataDelayMs?.(message) ?? 0;
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    waitFor(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sink got ${messages.length} of ${n} messages`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(messages)) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

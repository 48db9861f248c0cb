/**
 * A raw SMTP client for protocol tests: writes exactly the bytes it is given and reads whole replies
 * (multi-line aware), so tests can send what no well-behaved client would. Test-only.
 */

import net from "node:net";
import tls from "node:tls";

export class RawSmtp {
  private buffer = "";
  private readonly replies: string[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;

  private constructor(private socket: net.Socket | tls.TLSSocket) {
    this.attach(socket);
  }

  static connect(port: number, host = "127.0.0.1", localAddress?: string): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, localAddress }, () => resolve(new RawSmtp(socket)));
      socket.once("error", reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends one command line (CRLF added) and returns its reply. */
  async command(line: string): Promise<string> {
    this.write(line + "\r\n");
    return this.reply();
  }

  /** The next complete reply (all its lines joined by \n); rejects when the connection closes first. */
  async reply(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closed) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer)}`);
      if (Date.now() > deadline) throw new Error("timed out waiting for a reply");
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.replies.shift()!;
  }

  /** Upgrades to TLS after a 220 reply to STARTTLS. */
  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners("data");
    this.socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const secure = tls.connect({ socket: plain as net.Socket, rejectUnauthorized: false }, () => resolve(secure));
      secure.once("error", reject);
    });
    this.attach(this.socket);
  }

  close(): void {
    this.socket.destroy();
  }

  private attach(socket: net.Socket | tls.TLSSocket): void {
    socket.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("latin1");
      for (;;) {
        const m = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\n/.exec(this.buffer);
        if (!m) break;
        this.buffer = this.buffer.slice(m[0].length);
        this.replies.push(m[0].replace(/\r\n/g, "\n").trimEnd());
      }
      this.waiter?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on("error", () => undefined);
  }
}

export interface SendResult {
  mail: string;
  rcpt: string[];
  data: string | null;
}

/**
 * One whole transaction over a fresh connection: EHLO, MAIL, RCPT for each recipient, DATA with
 * `body` sent as given (dot-stuffing is the caller's job) unless every RCPT was refused.
 */
export async function sendRaw(port: number, opts: { from: string; to: string[]; body: string | Buffer; mailParams?: string; localAddress?: string }): Promise<SendResult> {
  const c = await RawSmtp.connect(port, "127.0.0.1", opts.localAddress);
  try {
    await c.reply();
    await c.command("EHLO client.test");
    const mail = await c.command(`MAIL FROM:<${opts.from}>${opts.mailParams ? " " + opts.mailParams : ""}`);
    const rcpt: string[] = [];
    if (!mail.startsWith("250")) return { mail, rcpt, data: null };
    for (const to of opts.to) rcpt.push(await c.command(`RCPT TO:<${to}>`));
    if (!rcpt.some((r) => r.startsWith("250"))) return { mail, rcpt, data: null };
    const go = await c.command("DATA");
    if (!go.startsWith("354")) return { mail, rcpt, data: go };
    c.write(opts.body);
    c.write("\r\n.\r\n");
    const data = await c.reply(30_000);
    await c.command("QUIT").catch(() => "");
    return { mail, rcpt, data };
  } finally {
    c.close();
  }
}

/**
 * What the loopback sink saw: every TCP connection (with its lifetime, HELO and TLS) and every
 * transaction attempt, accepted or not (MAIL FROM, each RCPT with the reply it got, the final reply,
 * the message when accepted), plus the queries rate and backoff tests need. Times are epoch ms
 * (`Date.now()`), taken when the client's command arrived. Test-only.
 */

import { domainOf, parseReply } from "./sink-plan";

/** A message the sink accepted (the shape the original sink recorded). */
export interface SinkMessage {
  from: string;
  to: string[];
  data: Buffer;
  remoteAddress: string;
  helo: string;
  secure: boolean;
  at: number;
}

export interface SinkTls {
  protocol: string;
  cipher: string;
}

export interface SinkConnection {
  id: number;
  localPort: number;
  /** The domain whose dedicated listener took the connection; null on the shared listener. */
  listenerDomain: string | null;
  /** The listener's domain and every domain the client sent a RCPT for. */
  domains: Set<string>;
  clientAddress: string;
  clientPort: number;
  openedAt: number;
  /** null while the connection is open. */
  closedAt: number | null;
  helo: string | null;
  tls: SinkTls | null;
  /** The client sent STARTTLS and the handshake did not complete. */
  tlsFailed: boolean;
}

export interface SinkRcpt {
  address: string;
  at: number;
  /** 0-based attempt number of this (sender, recipient) pair. */
  attempt: number;
  /** The reply sent; null while pending or when the sink stayed silent. */
  reply: string | null;
}

export interface SinkTransaction {
  connection: SinkConnection;
  /** When MAIL FROM arrived. */
  at: number;
  helo: string;
  tls: SinkTls | null;
  from: string;
  rcpts: SinkRcpt[];
  /** When the final dot arrived; null when DATA never completed. */
  dataAt: number | null;
  /** The final reply to DATA; null when none was sent (yet). */
  reply: string | null;
  repliedAt: number | null;
  message: SinkMessage | null;
}

/** One recipient's attempt, as greylisting and backoff assertions read it. */
export interface RecipientAttempt {
  at: number;
  from: string;
  rcptReply: string | null;
  dataReply: string | null;
  /** RCPT's reply when it refused (or never came), else the final reply. */
  reply: string | null;
  accepted: boolean;
  transaction: SinkTransaction;
}

export type RateUnit = "messages" | "recipients";

const positive = (reply: string | null): boolean => reply !== null && parseReply(reply).code < 300;

export class SinkLog {
  readonly connections: SinkConnection[] = [];
  readonly transactions: SinkTransaction[] = [];
  readonly messages: SinkMessage[] = [];
  private readonly listeners = new Set<() => void>();

  /** Tells waiters that something was recorded; recording code calls it after each change. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves once `predicate` holds (checked now and after every change), or rejects after `timeoutMs`. */
  until<T>(predicate: () => T | undefined | false, timeoutMs = 10_000, what = "the sink"): Promise<T> {
    const now = predicate();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (!value) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}: ${this.summary()}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  /** Every attempt to deliver to `rcpt`, in order. */
  attemptsFor(rcpt: string): RecipientAttempt[] {
    const address = rcpt.toLowerCase();
    const out: RecipientAttempt[] = [];
    for (const t of this.transactions) {
      const r = t.rcpts.find((x) => x.address.toLowerCase() === address);
      if (!r) continue;
      const accepted = positive(r.reply) && positive(t.reply);
      out.push({
        at: r.at,
        from: t.from,
        rcptReply: r.reply,
        dataReply: positive(r.reply) ? t.reply : null,
        reply: positive(r.reply) ? t.reply : r.reply,
        accepted,
        transaction: t,
      });
    }
    return out;
  }

  /** Milliseconds between consecutive attempts for `rcpt` (retry spacing). */
  spacingMs(rcpt: string): number[] {
    const times = this.attemptsFor(rcpt).map((a) => a.at);
    return times.slice(1).map((t, i) => t - times[i]);
  }

  /**
   * When mail for `domain` was accepted (the final 250's time), sorted: one entry per message, or
   * one per accepted recipient with `unit: "recipients"`.
   */
  acceptedTimes(domain: string, unit: RateUnit = "messages"): number[] {
    const d = domain.toLowerCase();
    const times: number[] = [];
    for (const t of this.transactions) {
      if (!t.message || t.repliedAt === null) continue;
      const n = t.rcpts.filter((r) => positive(r.reply) && domainOf(r.address) === d).length;
      if (n === 0) continue;
      for (let i = 0; i < (unit === "messages" ? 1 : n); i++) times.push(t.repliedAt);
    }
    return times.sort((a, b) => a - b);
  }

  /** Accepted mail for `domain` per second over [fromMs, toMs). */
  ratePerSecond(domain: string, fromMs: number, toMs: number, unit: RateUnit = "messages"): number {
    if (toMs <= fromMs) throw new Error(`empty window [${fromMs}, ${toMs})`);
    const n = this.acceptedTimes(domain, unit).filter((t) => t >= fromMs && t < toMs).length;
    return (n * 1000) / (toMs - fromMs);
  }

  /** Connections that carried mail for `domain`, or were made to its dedicated listener. */
  connectionsFor(domain: string): SinkConnection[] {
    const d = domain.toLowerCase();
    return this.connections.filter((c) => c.domains.has(d));
  }

  /** The most connections open at once: all of them, or those of `domain`. Open ones count as open now. */
  maxConcurrentConnections(domain?: string): number {
    const list = domain === undefined ? this.connections : this.connectionsFor(domain);
    const edges: [number, number][] = [];
    for (const c of list) edges.push([c.openedAt, 1], [c.closedAt ?? Infinity, -1]);
    // A close and an open at the same millisecond do not overlap: closes first.
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let max = 0;
    for (const [, delta] of edges) max = Math.max(max, (open += delta));
    return max;
  }

  /** Connections open right now. */
  openConnections(domain?: string): number {
    const list = domain === undefined ? this.connections : this.connectionsFor(domain);
    return list.filter((c) => c.closedAt === null).length;
  }

  /** One line for timeout messages: counts and the last few replies. */
  summary(): string {
    const last = this.transactions.slice(-5).map((t) => `${t.rcpts.map((r) => `${r.address}=${r.reply}`).join(",")} -> ${t.reply}`);
    return `${this.connections.length} connections, ${this.transactions.length} transactions, ${this.messages.length} accepted; last: ${last.join(" | ") || "none"}`;
  }
}

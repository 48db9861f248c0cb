/**
 * The outbound connection loop. The queue manager asks for a connection for a queue; this resolves
 * the route, connects to the first target that answers, then delivers ready entries one transaction
 * after another on that session until the queue runs dry (after a short idle wait), the session
 * breaks, or `max-msg-per-connection` is reached.
 *
 * Every wait is bounded by the session timeouts, so a slow or dead destination holds at most its own
 * `max-smtp-out` connections and never the other queues.
 */

import { setMaxListeners } from "node:events";
import type { DomainSettings } from "../config/types";
import type { Clock, Logger } from "../ports";
import type { DeliveryQueue } from "../queue/delivery-queue";
import type { QueueManager, RecipientOutcome } from "../queue/queue-manager";
import type { QueueEntry } from "../queue/queued-message";
import type { DeliveryTarget, MxRouter } from "../routing/mx";
import type { Spool } from "../spool/spool";
import type { BounceRule } from "../bounce/classify";
import { buildRecord, type DeliveryContext, type Happening } from "./outcome";
import { SmtpSession, type TransactionEnvelope } from "./smtp-client";

export interface DispatcherDeps {
  queues: QueueManager;
  router: MxRouter;
  spool: Spool;
  clock: Clock;
  logger: Logger;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /** HELO name for outbound sessions of the default VirtualMTA. */
  heloName(): string;
  /**
   * The VirtualMTA a queue sends through: null for `{default}` (no binding, the global host-name),
   * undefined when it is not (or no longer) configured.
   */
  virtualMta(name: string): { sourceHosts: readonly { ip: string; hostName: string }[]; hostName?: string } | null | undefined;
  bounceRules(): readonly BounceRule[];
  /** How long a connection waits for more work before QUIT. */
  idleMs?: number;
}

const DEFAULT_IDLE_MS = 3_000;
/** PowerMTA's defaults for connect-timeout, smtp-greeting-timeout and data-send-timeout. */
const DEFAULT_TIMEOUTS = { connect: 2 * 60_000, greeting: 5 * 60_000, data: 3 * 60_000 };

export class Dispatcher {
  private readonly sessions = new Set<SmtpSession>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Aborted at shutdown: no new attempts, and failures caused by closing are not recorded. */
  private readonly stopping = new AbortController();
  /** Next `smtp-source-host` to use, per VirtualMTA: a new connection takes the next one. */
  private readonly sourceRotation = new Map<string, number>();

  constructor(private readonly deps: DispatcherDeps) {
    // Every connection attempt in flight listens on this one signal.
    setMaxListeners(0, this.stopping.signal);
  }

  /** Runs one connection for `queue`; the queue manager has already counted it. */
  open(queue: DeliveryQueue): void {
    this.running++;
    let established = false;
    this.connection(queue, () => {
      established = true;
      this.deps.queues.connectionEstablished(queue);
    })
      .catch((err: unknown) => this.deps.logger.error("delivery connection failed unexpectedly", { queue: queue.key, error: String(err) }))
      .finally(() => {
        this.running--;
        this.deps.queues.connectionClosed(queue, established);
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
  }

  /**
   * Stops opening connections, lets deliveries in flight finish for up to `ms`, then closes what is
   * left. Recipients cut off that way stay pending in the spool, unrecorded: they were not refused,
   * Hermod stopped, and they are delivered after the restart.
   */
  async shutdown(ms: number): Promise<void> {
    this.stopping.abort();
    await this.whenIdle(ms);
    for (const session of this.sessions) session.close();
    await this.whenIdle(2_000);
  }

  private whenIdle(ms: number): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private get isStopping(): boolean {
    return this.stopping.signal.aborted;
  }

  private async connection(queue: DeliveryQueue, onEstablished: () => void): Promise<void> {
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    const base: DeliveryContext = { queue: queue.key, vmta: queue.vmta };
    const binding = this.bindingFor(queue.vmta);
    if (!binding) {
      // Mail for a VirtualMTA removed by a reload stays queued and retries on its schedule, so it
      // leaves if the VirtualMTA comes back, and bounces at bounce-after otherwise; never dropped.
      onEstablished();
      if (this.isStopping) return;
      const happening: Happening = { kind: "local", permanent: false, status: "4.3.5", reason: `VirtualMTA ${queue.vmta} is not configured` };
      this.deps.queues.failReady(queue, (entry, index) => this.record(entry, index, happening, base));
      return;
    }
    const route = await this.deps.router.route(queue.domain, settings.smtpHosts, settings.defaultSmtpPort);
    if (route.kind === "fail") {
      onEstablished();
      if (this.isStopping) return;
      const happening: Happening = { kind: "local", permanent: route.permanent, status: route.status, reason: route.diag };
      this.deps.queues.failReady(queue, (entry, index) => this.record(entry, index, happening, base));
      return;
    }
    const connected = await this.connect(route.targets, settings, binding);
    onEstablished();
    if ("failure" in connected) {
      if (this.isStopping) return;
      const { happening, target } = connected.failure;
      const ctx = target ? { ...base, remoteHost: target.host, remoteIp: target.ip } : base;
      this.deps.queues.failReady(queue, (entry, index) => this.record(entry, index, happening, ctx));
      return;
    }
    const { session, target } = connected;
    const facts = session.facts();
    const ctx: DeliveryContext = {
      ...base,
      remoteHost: target.host,
      remoteIp: target.ip,
      sourceIp: facts.localAddress,
      extensions: facts.extensions,
      tlsProtocol: facts.tlsProtocol,
      tlsCipher: facts.tlsCipher,
    };
    this.sessions.add(session);
    try {
      let sent = 0;
      for (;;) {
        const entry = this.deps.queues.take(queue);
        if (!entry) {
          if (session.isClosed || !(await queue.waitForWork(this.deps.idleMs ?? DEFAULT_IDLE_MS))) break;
          continue;
        }
        const usable = await this.deliver(session, entry, settings, ctx);
        sent++;
        if (!usable || (settings.maxMsgPerConnection > 0 && sent >= settings.maxMsgPerConnection)) break;
      }
    } finally {
      this.sessions.delete(session);
      session.quit();
    }
  }

  /** The source address and HELO name of a new connection through `vmta`; null when not configured. */
  private bindingFor(vmta: string): { localAddress?: string; heloName: string } | null {
    const config = this.deps.virtualMta(vmta);
    if (config === undefined) return null;
    if (config === null || config.sourceHosts.length === 0) return { heloName: config?.hostName ?? this.deps.heloName() };
    const n = this.sourceRotation.get(vmta) ?? 0;
    this.sourceRotation.set(vmta, n + 1);
    const host = config.sourceHosts[n % config.sourceHosts.length];
    return { localAddress: host.ip, heloName: host.hostName || config.hostName || this.deps.heloName() };
  }

  /** Tries the targets in order; the first to complete EHLO (and STARTTLS when offered) wins. */
  private async connect(
    targets: DeliveryTarget[],
    settings: DomainSettings,
    binding: { localAddress?: string; heloName: string },
  ): Promise<{ session: SmtpSession; target: DeliveryTarget } | { failure: { happening: Happening; target?: DeliveryTarget } }> {
    let failure: { happening: Happening; target?: DeliveryTarget } = {
      happening: { kind: "local", permanent: false, status: "4.4.1", reason: "no host to connect to" },
    };
    for (const target of targets) {
      if (this.isStopping) break;
      try {
        const session = await SmtpSession.open({
          ip: target.ip,
          port: target.port,
          host: target.host,
          heloName: binding.heloName,
          localAddress: binding.localAddress,
          useStarttls: settings.useStarttls,
          requireStarttls: settings.requireStarttls,
          connectTimeoutMs: settings.connectTimeout ?? DEFAULT_TIMEOUTS.connect,
          greetingTimeoutMs: settings.greetingTimeout ?? DEFAULT_TIMEOUTS.greeting,
          socketTimeoutMs: settings.dataTimeout ?? DEFAULT_TIMEOUTS.data,
        }, this.stopping.signal);
        return { session, target };
      } catch (err) {
        const e = err as Error & { code?: string; response?: string };
        const reply = typeof e.response === "string" && /^[45]\d\d/.test(e.response) ? e.response : null;
        failure = reply
          ? { happening: { kind: "reply", reply }, target }
          : {
              happening: { kind: "local", permanent: false, status: "4.4.1", reason: `${e.code ?? "ECONNECTION"} ${target.ip}:${target.port}: ${e.message}` },
              target,
            };
      }
    }
    return { failure };
  }

  /** Delivers one entry, in transactions of at most `max-rcpt-per-transaction`. Returns whether the session is still usable. */
  private async deliver(session: SmtpSession, entry: QueueEntry, settings: DomainSettings, ctx: DeliveryContext): Promise<boolean> {
    const env = entry.msg.envelope;
    const outcomes: RecipientOutcome[] = [];
    if (settings.maxMessageSize > 0 && env.size > settings.maxMessageSize) {
      const happening: Happening = { kind: "local", permanent: true, status: "5.3.4", reason: `5.3.4 message of ${env.size} bytes exceeds max-message-size ${settings.maxMessageSize} for ${ctx.queue}` };
      this.deps.queues.settle(entry, entry.rcpts.map((index) => ({ index, record: this.record(entry, index, happening, ctx) })));
      return true;
    }
    let usable = true;
    const size = Math.max(1, settings.maxRcptPerTransaction);
    for (let start = 0; start < entry.rcpts.length && usable; start += size) {
      const chunk = entry.rcpts.slice(start, start + size);
      const result = await session.send(this.envelopeFor(entry, chunk), entry.msg.content ?? this.deps.spool.readBody(env.id));
      if (result.kind === "session-failed") {
        usable = false;
        // Cut off by our own shutdown: not a failure of the destination. Left pending, unrecorded,
        // and delivered after the restart.
        if (this.isStopping) break;
        const happening: Happening = { kind: "local", permanent: false, status: "4.4.2", reason: `connection lost: ${result.error}` };
        for (const index of chunk) outcomes.push({ index, record: this.record(entry, index, happening, ctx) });
        break;
      }
      result.recipients.forEach((r, i) => outcomes.push({ index: chunk[i], record: this.record(entry, chunk[i], { kind: "reply", reply: r.reply }, ctx) }));
      usable = result.sessionUsable;
      if (usable && !result.recipients.some((r) => r.accepted)) usable = await session.reset();
    }
    this.deps.queues.settle(entry, outcomes);
    return usable;
  }

  private envelopeFor(entry: QueueEntry, chunk: number[]): TransactionEnvelope {
    const env = entry.msg.envelope;
    const dsn: TransactionEnvelope["dsn"] = {};
    if (env.ret) dsn.ret = env.ret;
    if (env.envId) dsn.envid = env.envId;
    // nodemailer sends one NOTIFY/ORCPT for the whole transaction, so they are passed on only when
    // the transaction carries a single recipient.
    if (chunk.length === 1) {
      const rcpt = env.recipients[chunk[0]];
      if (rcpt.orcpt) dsn.orcpt = rcpt.orcpt;
      if (rcpt.notify === "NEVER") dsn.notify = ["NEVER"];
      else if (rcpt.notify) {
        dsn.notify = (["success", "failure", "delay"] as const).filter((k) => (rcpt.notify as Record<string, boolean>)[k]).map((k) => k.toUpperCase());
      }
    }
    return {
      from: env.mailFrom,
      to: chunk.map((i) => env.recipients[i].address),
      size: env.size,
      dsn: Object.keys(dsn).length > 0 ? dsn : undefined,
    };
  }

  private record(entry: QueueEntry, index: number, happening: Happening, ctx: DeliveryContext) {
    return buildRecord(entry.msg.envelope, index, happening, ctx, this.deps.clock.now(), this.deps.bounceRules());
  }
}

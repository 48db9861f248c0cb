/**
 * The outbound connection loop. The queue manager asks for a connection for a queue; this resolves
 * the route (joining the queue to the group of destinations that share its MX hosts), binds a source
 * address of the queue's VirtualMTA, connects to the first target that answers, then delivers entries
 * one transaction after another (transaction.ts) as the rate limits allow, until the queue runs dry
 * (after a short idle wait), the session breaks, a reply ends it, or `max-msg-per-connection` is
 * reached.
 *
 * Every wait is bounded by the session timeouts, so a slow or dead destination holds at most its own
 * `max-smtp-out` connections and never the other queues.
 */

import { setMaxListeners } from "node:events";
import { DEFAULT_SMTP_TIMEOUTS } from "../config/defaults";
import type { DomainSettings, MtaConfig } from "../config/types";
import type { Clock, Logger } from "../ports";
import type { DeliveryQueue } from "../queue/delivery-queue";
import type { QueueManager } from "../queue/queue-manager";
import { failAllReady } from "../queue/queue-actions";
import type { QueueEntry } from "../queue/queued-message";
import { retryInterval } from "../queue/retry-schedule";
import type { DeliveryTarget, MxRouter, RouteResult } from "../routing/mx";
import { rollupFor } from "../routing/mx-rollup";
import type { Spool } from "../spool/spool";
import type { BounceRule } from "../bounce/classify";
import { buildRecord, type DeliveryContext, type Happening } from "./outcome";
import { applyReply } from "./reply-policy";
import { outboundAuthOf } from "./outbound-auth";
import { SmtpSession } from "./smtp-client";
import { SourceBinder, type Binding, type VirtualMtaBinding } from "./source-binding";
import { deliverEntry, type TransactionDeps } from "./transaction";

export interface DispatcherDeps {
  queues: QueueManager;
  router: MxRouter;
  spool: Spool;
  clock: Clock;
  logger: Logger;
  config(): MtaConfig;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /** HELO name for outbound sessions of the default VirtualMTA. */
  heloName(): string;
  /**
   * The VirtualMTA a queue sends through: null for `{default}` (no binding, the global host-name),
   * undefined when it is not (or no longer) configured.
   */
  virtualMta(name: string): VirtualMtaBinding | null | undefined;
  bounceRules(): readonly BounceRule[];
  /** How long a connection waits for more work before QUIT. */
  idleMs?: number;
}

const DEFAULT_IDLE_MS = 3_000;
/** PowerMTA's defaults for connect-timeout, smtp-greeting-timeout and data-send-timeout. */
/** A connection waits for its rate limit up to this long; beyond it, it closes and the queue reopens one later. */
const MAX_RATE_WAIT_MS = 10_000;

type Connected = { session: SmtpSession; target: DeliveryTarget; rest: DeliveryTarget[] };
type Failed = { failure: { happening: Happening; target?: DeliveryTarget } };

export class Dispatcher {
  private readonly sessions = new Set<SmtpSession>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Aborted at shutdown: no new attempts, and failures caused by closing are not recorded. */
  private readonly stopping = new AbortController();
  private readonly binder = new SourceBinder();
  /** Per queue, the hosts (`ip:port`) a reply told it to skip, and until when. */
  private readonly skippedHosts = new WeakMap<DeliveryQueue, Map<string, number>>();
  private readonly transactions: TransactionDeps;

  constructor(private readonly deps: DispatcherDeps) {
    // Every connection attempt in flight listens on this one signal.
    setMaxListeners(0, this.stopping.signal);
    this.transactions = {
      queues: deps.queues,
      spool: deps.spool,
      config: deps.config,
      now: () => deps.clock.now(),
      record: (entry, index, happening, ctx) => this.record(entry, index, happening, ctx),
      stopping: () => this.isStopping,
      warn: (message, fields) => deps.logger.warn(message, fields),
    };
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
    const now = this.deps.clock.now();
    const bound = this.binder.bind(queue, this.deps.virtualMta(queue.vmta), settings, this.deps.heloName(), now);
    // Not established: ending this attempt frees no source address, so the queue waits as told.
    if (bound.kind === "wait") return this.deps.queues.retryDispatchAt(queue, bound.until);
    if (bound.kind !== "bound") {
      onEstablished();
      if (this.isStopping) return;
      // Mail for a VirtualMTA removed by a reload stays queued and retries on its schedule, so it
      // leaves if the VirtualMTA comes back, and bounces at bounce-after otherwise; never dropped.
      return this.failReady(queue, { kind: "local", permanent: false, status: "4.3.5", reason: `VirtualMTA ${queue.vmta} is not configured` }, base);
    }
    const { binding } = bound;
    const ipState = binding.localAddress ? queue.sourceIp(binding.localAddress) : null;
    if (ipState) ipState.active++;
    try {
      const route = await this.deps.router.route(queue.domain, settings.smtpHosts, settings.defaultSmtpPort);
      if (!this.routeUsable(queue, route, settings, base, onEstablished)) return;
      const targets = (route as Extract<RouteResult, { kind: "targets" }>).targets;
      await this.deliverVia(queue, targets, settings, binding, base, onEstablished);
    } finally {
      if (ipState) ipState.active--;
    }
  }

  /** Handles a failed route and `bounce-upon-no-mx`, joins the queue to its MX group; false: stop here. */
  private routeUsable(queue: DeliveryQueue, route: RouteResult, settings: DomainSettings, base: DeliveryContext, onEstablished: () => void): boolean {
    if (route.kind === "fail") {
      onEstablished();
      if (!this.isStopping) this.failReady(queue, { kind: "local", permanent: route.permanent, status: route.status, reason: route.diag }, base);
      return false;
    }
    if (route.noMx && settings.bounceUponNoMx !== false) {
      onEstablished();
      if (this.isStopping) return false;
      const limit = settings.bounceUponNoMx;
      const now = this.deps.clock.now();
      const reason = `no MX record for ${queue.domain} (bounce-upon-no-mx)`;
      failAllReady(this.deps.queues, queue, (entry, index) =>
        this.record(entry, index, now - entry.msg.envelope.receivedAt >= limit ? { kind: "local", permanent: true, status: "5.1.2", reason: `5.1.2 ${reason}` } : { kind: "local", permanent: false, status: "4.4.4", reason: `4.4.4 ${reason}` }, base),
      );
      return false;
    }
    if (route.mxHosts) {
      const rollup = rollupFor(this.deps.config().mxRollups, route.mxHosts, route.targets.map((t) => t.ip));
      const site = rollup ? rollup.site : `mx:${route.mxHosts.join(",")}`;
      // Opened before the queue's group was known: over the group's max-smtp-out, it gives way.
      if (!this.deps.queues.joinGroup(queue, site, rollup?.name ?? null)) {
        onEstablished();
        return false;
      }
    }
    return true;
  }

  /**
   * Connects to the targets in turn (moving on when a reply says skip-mx) and delivers. When every
   * host is skipped, the queue waits for its next retry.
   */
  private async deliverVia(queue: DeliveryQueue, targets: DeliveryTarget[], settings: DomainSettings, binding: Binding, base: DeliveryContext, onEstablished: () => void): Promise<void> {
    let remaining = this.unskipped(queue, targets);
    let established = false;
    const establish = () => {
      if (established) return;
      established = true;
      onEstablished();
    };
    while (remaining.length > 0) {
      const connected = await this.connect(queue, remaining, settings, binding);
      establish();
      if ("failure" in connected) {
        if (this.isStopping) return;
        const { happening, target } = connected.failure;
        return this.failReady(queue, happening, target ? { ...base, remoteHost: target.host, remoteIp: target.ip } : base);
      }
      const skipMx = await this.session(queue, connected, settings, base, binding.localAddress);
      if (!skipMx || this.isStopping) return;
      remaining = this.unskipped(queue, connected.rest);
    }
    establish();
    if (!this.isStopping) this.deps.queues.deferQueue(queue);
  }

  /**
   * A reply said to skip this host (skip-mx, smtp-421-means-mx-unavailable): the queue's connections
   * pass it by until the queue's next retry would come round.
   */
  private skipHost(queue: DeliveryQueue, target: DeliveryTarget): void {
    let skipped = this.skippedHosts.get(queue);
    if (!skipped) {
      skipped = new Map();
      this.skippedHosts.set(queue, skipped);
    }
    const interval = retryInterval(this.deps.queues.limitsFor(queue).retryAfter, queue.retryIndex);
    skipped.set(`${target.ip}:${target.port}`, this.deps.clock.now() + interval);
  }

  /** `targets` without the hosts the queue skips now. */
  private unskipped(queue: DeliveryQueue, targets: DeliveryTarget[]): DeliveryTarget[] {
    const skipped = this.skippedHosts.get(queue);
    if (!skipped) return targets;
    const now = this.deps.clock.now();
    return targets.filter((t) => (skipped.get(`${t.ip}:${t.port}`) ?? 0) <= now);
  }

  /** Delivers on one session; returns true when a reply asked to move on to the next MX. */
  private async session(queue: DeliveryQueue, connected: Connected, settings: DomainSettings, base: DeliveryContext, boundIp: string | undefined): Promise<boolean> {
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
      let delivered = false;
      for (;;) {
        // Another connection's reply may have told the queue to skip this host meanwhile.
        if (this.unskipped(queue, [target]).length === 0) return true;
        const next = this.deps.queues.take(queue, ctx.sourceIp || undefined);
        if (next.kind === "none") {
          if (session.isClosed || this.deps.queues.slotWanted(queue) || !(await queue.waitForWork(this.deps.idleMs ?? DEFAULT_IDLE_MS))) return false;
          continue;
        }
        if (next.kind === "wait") {
          const wait = next.until - this.deps.clock.now();
          if (wait > MAX_RATE_WAIT_MS || session.isClosed || !(await this.sleep(wait))) return false;
          continue;
        }
        const result = await deliverEntry(this.transactions, session, queue, next.entry, settings, ctx, delivered, { boundIp, skipHost: () => this.skipHost(queue, target) });
        delivered ||= result.delivered;
        sent++;
        if (result.skipMx) return true;
        if (!result.usable || (settings.maxMsgPerConnection > 0 && sent >= settings.maxMsgPerConnection)) return false;
      }
    } finally {
      this.sessions.delete(session);
      await session.quit();
    }
  }

  /** Waits `ms` unless the dispatcher stops first; resolves whether the wait ran its course. */
  private sleep(ms: number): Promise<boolean> {
    if (this.isStopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener("abort", onAbort);
        resolve(ok);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(true), Math.max(0, ms));
      this.stopping.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Tries the targets in order; the first to complete EHLO (and STARTTLS when required or offered) wins. */
  private async connect(queue: DeliveryQueue, targets: DeliveryTarget[], settings: DomainSettings, binding: Binding): Promise<Connected | Failed> {
    let failure: Failed["failure"] = { happening: { kind: "local", permanent: false, status: "4.4.1", reason: "no host to connect to" } };
    const outboundAuth = outboundAuthOf(settings);
    if (outboundAuth instanceof Error) return { failure: { happening: { kind: "local", permanent: false, status: outboundAuth.status, reason: outboundAuth.message } } };
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      if (this.isStopping) break;
      try {
        const session = await SmtpSession.open(
          {
            ip: target.ip,
            port: target.port,
            host: target.host,
            heloName: binding.heloName,
            localAddress: binding.localAddress,
            useStarttls: settings.useStarttls,
            requireStarttls: settings.requireStarttls,
            connectTimeoutMs: settings.connectTimeout ?? DEFAULT_SMTP_TIMEOUTS.connect,
            greetingTimeoutMs: settings.greetingTimeout ?? DEFAULT_SMTP_TIMEOUTS.greeting,
            socketTimeoutMs: settings.dataTimeout ?? DEFAULT_SMTP_TIMEOUTS.data,
            auth: outboundAuth ?? undefined,
          },
          this.stopping.signal,
        );
        return { session, target, rest: targets.slice(i + 1) };
      } catch (err) {
        const e = err as Error & { code?: string; response?: string; status?: string };
        const reply = typeof e.response === "string" && /^[45]\d\d/.test(e.response) ? e.response : null;
        if (reply) {
          failure = { happening: { kind: "reply", reply }, target };
          // A greeting refusal is a reply like any other: the smtp-pattern-list may act on it.
          const effect = applyReply(this.deps.config(), settings, this.deps.queues, queue, reply, binding.localAddress, this.deps.clock.now());
          if (effect.skipMx) this.skipHost(queue, target);
          // A 421 greeting speaks for the destination, not this host, unless smtp-421-means-mx-unavailable
          // (or a skip-mx rule) says otherwise: the queue retries without trying the other hosts.
          else if (/^421/.test(reply)) break;
        } else {
          const reason = `${e.code ?? "ECONNECTION"} ${target.ip}:${target.port}: ${e.message}`;
          failure = { happening: { kind: "local", permanent: false, status: e.status ?? "4.4.1", reason }, target };
        }
      }
    }
    return { failure };
  }

  private failReady(queue: DeliveryQueue, happening: Happening, ctx: DeliveryContext): void {
    failAllReady(this.deps.queues, queue, (entry, index) => this.record(entry, index, happening, ctx));
  }

  private record(entry: QueueEntry, index: number, happening: Happening, ctx: DeliveryContext) {
    return buildRecord(entry.msg.envelope, index, happening, ctx, this.deps.clock.now(), this.deps.bounceRules());
  }
}

/**
 * The composition root: builds the spool, queues, delivery and listeners from a compiled config and
 * wires them together. Nothing else in `mta/` sees every part.
 *
 *   listener → receive → spool (durable) → queue manager → dispatcher → completion → records/DSNs
 */

import { promises as dnsPromises } from "node:dns";
import path from "node:path";
import { DsnSpooler } from "./bounce/dsn-spooler";
import { effectiveSettings } from "./config/effective-settings";
import { resolveDomain, resolveSource } from "./config/resolve";
import type { DomainSettings, MtaConfig, SourceSettings } from "./config/types";
import { Dispatcher } from "./delivery/dispatcher";
import { buildRecord, expiryHappening, type Happening } from "./delivery/outcome";
import { MtaEventBus } from "./events";
import type { DeleteRecipientsFilter, EffectiveSetting, ListRecipientsFilter, MtaCounters, MtaHandle, MtaSnapshot, QueuedRecipient, QueueSnapshot } from "./handle";
import { systemClock, type Clock, type Logger, type RecordSink, type Resolver } from "./ports";
import { Completion } from "./queue/completion";
import { ContentBudget } from "./queue/content-cache";
import type { DeliveryQueue } from "./queue/delivery-queue";
import { QueueManager } from "./queue/queue-manager";
import { QueuedMessage, type QueueEntry } from "./queue/queued-message";
import { QueueActions } from "./queue/queue-actions";
import { QueuePauses } from "./queue/queue-pauses";
import { SourceDisables } from "./queue/source-disables";
import { queueSnapshot } from "./queue/queue-snapshot";
import type { AcctRecord } from "./records/acct-record";
import { createRecordPipeline, type RecordPipeline } from "./records/record-pipeline";
import { ProcessorIntake } from "./processors/processor-intake";
import { processorFor } from "./processors/processor-match";
import { MxRouter } from "./routing/mx";
import { bounceRulesOf } from "./bounce/config-rules";
import { rampFactor } from "./shaping/limits";
import { VirtualMtaRouter } from "./routing/virtual-mta";
import { WarmupCounters } from "./routing/warmup";
import { QueueHolds } from "./queue/queue-holds";
import { DEFAULT_VMTA, parseQueueKey, recipientDomain } from "./queue/queue-key";
import { listRecipients } from "./queue/queue-listing";
import { Listener } from "./smtp-in/listener";
import { authDnsOf, type AuthDns } from "./inbound-auth/dns";
import { SuppressionIndex, type SuppressionListInfo, type SuppressionValue } from "./suppression/suppression-index";
import { suppressedRecipients, suppressedRecord } from "./suppression/suppressed-recipients";
import { loadTls, type TlsMaterial } from "./smtp-in/tls-material";
import { createFsSpool } from "./spool/fs-spool";
import type { Envelope, Spool } from "./spool/spool";

export interface MtaOptions {
  config: MtaConfig;
  /** Directory for the spool (`<dataDir>/spool`). */
  dataDir: string;
  recordSink?: RecordSink;
  resolver?: Resolver;
  clock?: Clock;
  logger?: Logger;
  /** How long an idle outbound connection waits for more mail before QUIT. */
  deliveryIdleMs?: number;
  /**
   * Whether this engine writes the `<acct-file>` CSV files itself (default). The server turns it off
   * and writes them from the console's thread, next to the database, to keep the MTA thread free.
   */
  writeAcctFiles?: boolean;
}

const FREE_SPACE_REFRESH_MS = 1_000;
/** Memory for the content of freshly received small messages (their first attempt skips the disk). */
const CONTENT_CACHE_BYTES = 64 * 1024 * 1024;

export function createMta(options: MtaOptions): MtaHandle {
  return new Runtime(options);
}

class Runtime implements MtaHandle {
  readonly events = new MtaEventBus();
  private config: MtaConfig;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly spool: Spool;
  private readonly records: RecordPipeline;
  private readonly queues: QueueManager;
  private readonly dispatcher: Dispatcher;
  private readonly completion: Completion;
  private readonly listeners = new Map<string, Listener>();
  private readonly counters: MtaCounters = { received: 0, delivered: 0, deferred: 0, bounced: 0 };
  private startedAt = 0;
  private draining = false;
  private stopped: Promise<void> | null = null;
  private freeBytes = Number.MAX_SAFE_INTEGER;
  private freeTimer: NodeJS.Timeout | null = null;
  private tls: TlsMaterial | undefined;
  private readonly contentBudget = new ContentBudget(CONTENT_CACHE_BYTES);
  private readonly warmup: WarmupCounters;
  private readonly intake: ProcessorIntake;
  private readonly holds: QueueHolds;
  private readonly pauses: QueuePauses;
  private readonly disables: SourceDisables;
  private readonly actions: QueueActions;
  private readonly vmtaRouter: VirtualMtaRouter;
  private readonly suppression = new SuppressionIndex();
  private readonly authDns: AuthDns;
  private readonly queueSettingsCache = new WeakMap<DeliveryQueue, { config: MtaConfig; settings: DomainSettings }>();

  constructor(private readonly options: MtaOptions) {
    this.config = options.config;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleLogger;
    this.spool = createFsSpool({ dir: path.join(options.dataDir, "spool") });
    this.warmup = new WarmupCounters(path.join(options.dataDir, "warmup.json"), this.clock, this.logger);
    this.vmtaRouter = new VirtualMtaRouter(this.warmup);
    const dsns = new DsnSpooler({ spool: this.spool, clock: this.clock, config: () => this.config });
    this.records = createRecordPipeline({ csvFiles: this.acctFiles(this.config), sink: options.recordSink, logger: this.logger });
    const resolver = options.resolver ?? new dnsPromises.Resolver();
    this.authDns = authDnsOf(resolver);
    const router = new MxRouter(resolver, this.clock);
    this.completion = new Completion({
      spool: this.spool,
      logger: this.logger,
      record: (r) => this.record(r),
      spoolDsn: (msg, bounced) => dsns.spoolDsn(msg, bounced),
      spoolDelayNotice: (msg, recipients, n, lastError, until) => dsns.spoolDelayNotice(msg, recipients, n, lastError, until),
      enqueue: (env) => this.queues.enqueue(new QueuedMessage(env)),
      startedAt: () => this.startedAt,
      delayEvery: (env, i) => this.domainSettings(recipientDomain(env.recipients[i].address), env.recipients[i].vmta ?? env.vmta ?? DEFAULT_VMTA).notifyOfDelayEvery,
    });
    this.intake = new ProcessorIntake({
      spool: this.spool,
      clock: this.clock,
      logger: this.logger,
      config: () => this.config,
      record: (r) => {
        this.records.pushFeedback(r);
        this.events.emit("feedback", r);
      },
      enqueue: (env) => this.queues.enqueue(new QueuedMessage(env)),
      settle: (msg, indexes) => this.completion.settle(msg, [], indexes),
    });
    this.holds = new QueueHolds(path.join(options.dataDir, "queue-holds.json"), this.clock, this.logger);
    this.pauses = new QueuePauses(path.join(options.dataDir, "queue-pauses.json"), this.logger);
    this.disables = new SourceDisables(path.join(options.dataDir, "source-disables.json"), this.clock, this.logger);
    this.queues = new QueueManager({
      clock: this.clock,
      logger: this.logger,
      holds: this.holds,
      settingsFor: (domain, vmta) => this.domainSettings(domain, vmta),
      pauses: this.pauses,
      disables: this.disables,
      expiryRecord: (entry, index) => this.localRecord(entry, index, expiryHappening(entry.lastError)),
      outcomes: this.completion,
      openConnection: (queue) => this.dispatcher.open(queue),
      totalMaxSmtpOut: () => this.config.totalMaxSmtpOut,
      vmtaMaxSmtpOut: (vmta) => this.virtualMtaConfig(vmta)?.maxSmtpOut ?? Infinity,
      vmtaMsgRate: (name) => (this.virtualMtaConfig(name) ?? this.config.pools.find((p) => p.name === name))?.maxSmtpMsgRate ?? null,
      rampFactor: () => rampFactor(this.config.startupRamp, this.clock.now() - this.startedAt),
      rerouteTarget: (name) => this.vmtaRouter.pick(this.config, name) ?? name,
      onModeChange: (queue, change) => this.events.emit("queue-mode", { queue: queue.key, ...change }),
    });
    const deleted: Happening = { kind: "local", permanent: true, status: "5.0.0", reason: "5.0.0 deleted by operator", category: "other" };
    this.actions = new QueueActions({ queues: this.queues, pauses: this.pauses, holds: this.holds, clock: this.clock, deletedRecord: (entry, index) => this.localRecord(entry, index, deleted) });
    this.dispatcher = new Dispatcher({
      queues: this.queues,
      router,
      spool: this.spool,
      clock: this.clock,
      logger: this.logger,
      config: () => this.config,
      settingsFor: (domain, vmta) => this.domainSettings(domain, vmta),
      heloName: () => this.config.hostName,
      virtualMta: (name) => (name === DEFAULT_VMTA ? null : this.virtualMtaConfig(name)),
      bounceRules: () => bounceRulesOf(this.config),
      idleMs: options.deliveryIdleMs,
    });
  }

  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    this.tls = await loadTls(this.config);
    const recovered = await this.spool.open();
    for (const r of recovered) {
      // A report spooled but not yet processed when the engine stopped is processed now.
      const claimed = this.intake.claim(r.envelope, r.done);
      const msg = new QueuedMessage(r.envelope, new Set([...r.done, ...claimed]));
      const queue = () => msg.pendingCount > 0 && this.queues.enqueue(msg, r.attempts, r.nextAttemptAt);
      if (claimed.length > 0) void this.intake.process(msg, claimed).then((done) => done && queue());
      else queue();
    }
    if (recovered.length > 0) this.logger.info("spool recovered", { messages: recovered.length });
    this.queues.restoreDisabledSources();
    await this.refreshFreeBytes();
    this.freeTimer = setInterval(() => void this.refreshFreeBytes(), FREE_SPACE_REFRESH_MS);
    this.freeTimer.unref();
    for (const l of this.config.listeners) await this.openListener(l);
  }

  stop(graceMs = 10_000): Promise<void> {
    this.stopped ??= this.shutdown(graceMs);
    return this.stopped;
  }

  async reload(config: MtaConfig): Promise<void> {
    const tls = await loadTls(config);
    const previousTls = this.tls;
    this.tls = tls;
    const wanted = new Map(config.listeners.map((l) => [`${l.host}:${l.port}`, l]));
    // Open new listeners first: if one cannot bind, the running config stays as it was.
    const opened: Listener[] = [];
    try {
      for (const [name, l] of wanted) if (!this.listeners.has(name)) opened.push(await this.openListener(l));
    } catch (err) {
      this.tls = previousTls;
      for (const l of opened) {
        this.listeners.delete(l.name);
        await l.close(0);
      }
      throw err;
    }
    this.config = config;
    for (const [name, l] of this.listeners) {
      if (!wanted.has(name)) {
        this.listeners.delete(name);
        void l.close(5_000);
      }
    }
    this.records.reconfigure(this.acctFiles(config));
    this.events.emit("config-applied", { at: this.clock.now(), warnings: 0 });
  }

  snapshot(): MtaSnapshot {
    const queues: QueueSnapshot[] = [];
    let queuedRecipients = 0;
    const now = this.clock.now();
    const ramp = rampFactor(this.config.startupRamp, now - this.startedAt);
    for (const q of this.queues.allQueues()) {
      queuedRecipients += q.recipients;
      queues.push(queueSnapshot(q, now, this.settingsOfQueue(q), ramp));
    }
    const spool = this.spool.stats();
    let smtpIn = 0;
    for (const l of this.listeners.values()) smtpIn += l.connections;
    return {
      at: now,
      startedAt: this.startedAt,
      queues,
      totals: { queuedRecipients, queuedMessages: spool.messages, spoolBytes: spool.bytes },
      connections: { smtpIn, smtpOut: this.queues.outboundConnections },
      counters: { ...this.counters },
      jobs: this.queues.jobs.snapshot(this.pauses.pausedJobs()),
      pools: this.config.pools.map((p) => ({ name: p.name, members: [...p.members] })),
      vmtas: this.config.virtualMtas.map((v) => ({ name: v.name, sourceIps: v.sourceHosts.map((h) => h.ip) })),
    };
  }

  // Operator actions (queue-actions.ts), as PowerMTA's `pmta` commands.
  setQueueMode = async (queue: string, mode: "normal" | "backoff") => this.actions.setQueueMode(queue, mode);
  pauseQueue = async (queue: string) => this.actions.pauseQueue(queue);
  resumeQueue = async (queue: string) => this.actions.resumeQueue(queue);
  pauseJob = async (jobId: string) => this.actions.pauseJob(jobId);
  resumeJob = async (jobId: string) => this.actions.resumeJob(jobId);
  retryNow = async (queue: string) => this.actions.retryNow(queue);
  disableSource = async (ip: string, queue: string, reenableAfterMs?: number) => this.actions.disableSource(ip, queue, reenableAfterMs);
  enableSource = async (ip: string, queue: string) => this.actions.enableSource(ip, queue);
  deleteRecipients = async (filter: DeleteRecipientsFilter) => this.actions.deleteRecipients(filter);
  listRecipients = async (filter: ListRecipientsFilter): Promise<QueuedRecipient[]> => listRecipients(this.queues, filter, this.clock.now());
  queueSettings = async (queue: string): Promise<EffectiveSetting[] | null> => {
    const key = parseQueueKey(queue);
    if (!key) throw new Error(`invalid queue name "${queue}": expected domain or domain/virtual-mta`);
    return effectiveSettings(this.config, key.domain, key.vmta === DEFAULT_VMTA ? undefined : key.vmta);
  };
  // Suppression lists, kept current by the console (mta/suppression).
  setSuppressionLists = async (lists: SuppressionListInfo[]) => this.suppression.setLists(lists);
  addSuppressionEntries = async (listId: number, values: SuppressionValue[]) => this.suppression.add(listId, values);
  removeSuppressionEntries = async (listId: number, values?: SuppressionValue[]) => this.suppression.remove(listId, values);

  private async shutdown(graceMs: number): Promise<void> {
    this.draining = true;
    await Promise.all([...this.listeners.values()].map((l) => l.close(graceMs)));
    this.listeners.clear();
    this.queues.stop();
    await this.dispatcher.shutdown(graceMs);
    await this.intake.stop();
    await this.completion.drain();
    await this.records.close();
    this.warmup.flush();
    this.holds.flush();
    this.pauses.flush();
    this.disables.flush();
    await this.spool.close();
    if (this.freeTimer) clearInterval(this.freeTimer);
  }

  private async openListener(config: MtaConfig["listeners"][number]): Promise<Listener> {
    const listener = new Listener(
      config,
      {
        spool: this.spool,
        clock: this.clock,
        logger: this.logger,
        hostName: () => this.config.hostName,
        config: () => this.config,
        router: this.vmtaRouter,
        authDns: this.authDns,
        accept: (env, content) => this.accept(env, content, this.sourceSettings(env.source.ip, config.source)),
        suppression: this.suppression,
        isProcessorAddress: (address) => processorFor(this.config, address) !== null,
        sourceFor: (ip, named) => this.sourceSettings(ip, named),
        isDraining: () => this.draining,
        freeSpoolBytes: () => this.freeBytes,
        advertisedSize: () => this.sourceSettings("127.0.0.1", config.source).maxMessageSize,
        tls: this.tls,
      },
      this.logger,
    );
    await listener.listen();
    this.listeners.set(listener.name, listener);
    return listener;
  }

  private accept(env: Envelope, content: Buffer | null, source?: SourceSettings): void {
    this.counters.received++;
    // Recipients a processor takes (processors/processor-intake.ts) are processed first, then the rest
    // is queued: so the message cannot leave the spool while its report is still being read.
    const claimed = this.intake.claim(env);
    const suppressed = source ? suppressedRecipients(this.suppression, env, source) : new Map<number, string>();
    for (const i of claimed) suppressed.delete(i);
    const msg = new QueuedMessage(env, new Set([...suppressed.keys(), ...claimed]));
    this.events.emit("received", { id: env.id, at: env.receivedAt, mailFrom: env.mailFrom, recipients: env.recipients.length, size: env.size, sourceIp: env.source.ip });
    const queue = () => {
      if (content && msg.pendingCount > 0) msg.cacheContent(content, this.contentBudget);
      if (msg.pendingCount > 0) this.queues.enqueue(msg);
      if (suppressed.size > 0) {
        const now = this.clock.now();
        const outcomes = [...suppressed].map(([index, list]) => ({ index, record: suppressedRecord(env, index, list, now) }));
        this.completion.settle(msg, outcomes, [...suppressed.keys()]);
      }
    };
    // Not processed means the engine is stopping: everything stays in the spool for the next start.
    if (claimed.length > 0) void this.intake.process(msg, claimed, content).then((done) => done && queue());
    else queue();
  }

  private record(r: AcctRecord): void {
    if (r.type === "d") this.counters.delivered++;
    else if (r.type === "b") this.counters.bounced++;
    else this.counters.deferred++;
    this.records.push(r);
    this.events.emit("record", r);
  }

  /** A record for something Hermod decided itself (expiry, an operator's delete). */
  private localRecord(entry: QueueEntry, index: number, happening: Happening): AcctRecord {
    return buildRecord(entry.msg.envelope, index, happening, { queue: entry.queueKey, vmta: entry.queueKey.slice(entry.queueKey.indexOf("/") + 1) }, this.clock.now());
  }

  private acctFiles(config: MtaConfig) {
    return this.options.writeAcctFiles === false ? [] : [...config.acctFiles];
  }

  private virtualMtaConfig(name: string) {
    return this.config.virtualMtas.find((v) => v.name === name);
  }

  /**
   * A queue's settings for the snapshot, kept per queue until the config changes: with more queues than
   * the resolver's bounded cache holds, resolving each one twice a second would miss every time.
   */
  private settingsOfQueue(q: DeliveryQueue): DomainSettings {
    const kept = this.queueSettingsCache.get(q);
    if (kept?.config === this.config) return kept.settings;
    const settings = this.domainSettings(q.domain, q.vmta);
    this.queueSettingsCache.set(q, { config: this.config, settings });
    return settings;
  }

  private domainSettings(domain: string, vmta?: string): DomainSettings {
    return resolveDomain(this.config, domain, vmta === DEFAULT_VMTA ? undefined : vmta);
  }

  private sourceSettings(ip: string, named: string | undefined): SourceSettings {
    return resolveSource(this.config, ip, named);
  }

  private async refreshFreeBytes(): Promise<void> {
    try {
      this.freeBytes = await this.spool.freeBytes();
    } catch (err) {
      this.logger.warn("could not read free spool space", { error: String(err) });
    }
  }
}

const consoleLogger: Logger = {
  debug: () => undefined,
  info: (msg, fields) => console.log(`[mta] ${msg}`, fields ?? ""),
  warn: (msg, fields) => console.warn(`[mta] ${msg}`, fields ?? ""),
  error: (msg, fields) => console.error(`[mta] ${msg}`, fields ?? ""),
};

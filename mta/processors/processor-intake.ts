/**
 * Hands mail for a processor's addresses to the processor instead of delivering it (PowerMTA's
 * `{feedbackLoop}` and `{bounce}` queues). The message is already durable in the spool; its processor
 * recipients are kept out of the delivery queues (the caller marks them done in memory) and, after
 * processing, are marked done durably. A crash in between leaves them pending on disk, so recovery
 * hands them here again: a report is processed at least once, never lost.
 *
 * Processing: the report is parsed (ARF, JMRP, XARF for a feedback-loop processor; DSN for a bounce
 * processor) into records, one per reported recipient. Then, as the processor's options say, the mail
 * is also delivered to its recipients (`deliver-matched-email`, `deliver-unmatched-email`) or
 * forwarded (`forward-unmatched-to`, `forward-errors-to`): as a copy spooled under an id derived from
 * the report's (so a repeat after a crash replaces it), with source type `local` so it is delivered,
 * not processed again. Otherwise it is dropped with a log line.
 */

import { bounceRulesOf } from "../bounce/config-rules";
import type { MtaConfig, ProcessorConfig } from "../config/types";
import type { Clock, Logger } from "../ports";
import type { QueuedMessage } from "../queue/queued-message";
import type { Envelope, EnvelopeRecipient, Spool } from "../spool/spool";
import { bounceRecords, complaintRecords, type FeedbackRecord, type MatchHeaders } from "./feedback-record";
import { parseMime } from "./mime";
import { parseArf, parseJmrp } from "./parse-arf";
import { parseDsn } from "./parse-dsn";
import { parseXarf } from "./parse-xarf";
import { processorFor } from "./processor-match";

/** Reports larger than this are not parsed (they are handled as unmatched). */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

export interface IntakeDeps {
  spool: Spool;
  clock: Clock;
  logger: Logger;
  config(): MtaConfig;
  /** Receives every f/rb/rs record. Must not block. */
  record(record: FeedbackRecord): void;
  /** Queues a freshly spooled copy for delivery. */
  enqueue(envelope: Envelope): void;
  /** Marks the processed recipients of `msg` done durably (and removes the message when nothing is left). */
  settle(msg: QueuedMessage, indexes: number[]): void;
}

export type Outcome = "matched" | "unmatched" | "error";

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/** Every `jobid-header` name the sources use, X-Job first (the returned mail may come from any source). */
export function matchHeadersOf(config: MtaConfig): MatchHeaders {
  const names = new Map<string, string>([["x-job", "X-Job"]]);
  for (const rule of config.sources) {
    const name = rule.settings.jobIdHeader;
    if (name) names.set(name.toLowerCase(), name);
  }
  return { jobIdHeaders: [...names.values()] };
}

export class ProcessorIntake {
  constructor(private readonly deps: IntakeDeps) {}

  /** Recipients of `env` a processor takes; none for mail Hermod made itself (DSNs, forwarded copies). */
  claim(env: Envelope, done: ReadonlySet<number> = new Set()): number[] {
    if (env.source.type === "local") return [];
    const config = this.deps.config();
    const out: number[] = [];
    env.recipients.forEach((r, i) => {
      if (!done.has(i) && processorFor(config, r.address)) out.push(i);
    });
    return out;
  }

  /**
   * Processes the claimed recipients (with the content kept since reception, if any); resolves when
   * records are out, copies are durable and queued, and the settle step is started. A failure (the
   * spool could not be read or written) is retried with backoff until it succeeds or `stop()` is
   * called; then the recipients stay pending on disk for the next start. Resolves to whether the
   * recipients were processed (false only after `stop()`); never rejects.
   */
  process(msg: QueuedMessage, indexes: readonly number[], content: Buffer | null = null): Promise<boolean> {
    // Grouped now, with the config `claim` used: every claimed recipient has its processor.
    const config = this.deps.config();
    const groups = new Map<ProcessorConfig, number[]>();
    for (const i of indexes) {
      const p = processorFor(config, msg.envelope.recipients[i].address);
      if (p) groups.set(p, [...(groups.get(p) ?? []), i]);
    }
    const run = this.attempt(msg, indexes, groups, content, config, 0);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  /** Stops retrying and resolves when every processing started so far has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) t();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly timers = new Set<() => void>();
  private stopped = false;

  private async attempt(msg: QueuedMessage, indexes: readonly number[], groups: Map<ProcessorConfig, number[]>, cached: Buffer | null, config: MtaConfig, failures: number): Promise<boolean> {
    const env = msg.envelope;
    try {
      const content = cached ?? (await this.read(env.id));
      for (const [processor, group] of groups) await this.handle(processor, msg, group, content, config);
      this.deps.settle(msg, [...indexes]);
      return true;
    } catch (err) {
      const delay = Math.min(RETRY_FIRST_MS * 2 ** failures, RETRY_MAX_MS);
      this.deps.logger.error("processor could not handle a message; retrying", { id: env.id, retryInMs: delay, error: String(err) });
      if (this.stopped || !(await this.sleep(delay))) return false;
      return this.attempt(msg, indexes, groups, cached, config, failures + 1);
    }
  }

  /** Resolves true after `ms`, or false at once when stopped. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(cancel);
        resolve(true);
      }, ms);
      timer.unref?.();
      const cancel = () => {
        clearTimeout(timer);
        this.timers.delete(cancel);
        resolve(false);
      };
      this.timers.add(cancel);
    });
  }

  private async handle(processor: ProcessorConfig, msg: QueuedMessage, group: number[], content: Buffer | null, config: MtaConfig): Promise<void> {
    const env = msg.envelope;
    let outcome: Outcome = "unmatched";
    let records: FeedbackRecord[] = [];
    if (content !== null) {
      try {
        records = this.parse(processor, env, group, content, config);
        outcome = records.length > 0 ? "matched" : "unmatched";
      } catch (err) {
        outcome = "error";
        this.deps.logger.warn("report processing failed", { id: env.id, error: String(err) });
      }
    }
    for (const r of records) this.deps.record(r);
    this.deps.logger.info(`${processor.kind} processor: ${outcome} report`, { id: env.id, records: records.length });
    await this.afterwards(outcome, processor, env, group, content);
  }

  private parse(processor: ProcessorConfig, env: Envelope, group: number[], content: Buffer, config: MtaConfig): FeedbackRecord[] {
    const message = parseMime(content);
    const now = this.deps.clock.now();
    if (processor.kind === "bounce") {
      const dsn = parseDsn(message);
      return dsn ? bounceRecords(dsn, env, env.recipients[group[0]].address, bounceRulesOf(config), now, matchHeadersOf(config)) : [];
    }
    const complaint = parseArf(message) ?? parseXarf(message) ?? parseJmrp(message);
    return complaint ? complaintRecords(complaint, env, now, matchHeadersOf(config)) : [];
  }

  /** What happens to the mail itself once its records are out. */
  private async afterwards(outcome: Outcome, processor: ProcessorConfig, env: Envelope, group: number[], content: Buffer | null): Promise<void> {
    const own = group.map((i) => env.recipients[i]);
    let to: EnvelopeRecipient[] | null = null;
    if (outcome === "matched") to = processor.deliverMatchedEmail ? own : null;
    else if (outcome === "error" && processor.forwardErrorsTo) to = [{ address: processor.forwardErrorsTo }];
    else if (processor.forwardUnmatchedTo) to = [{ address: processor.forwardUnmatchedTo }];
    else if (processor.deliverUnmatchedEmail) to = own;
    if (to === null) {
      if (outcome !== "matched") this.deps.logger.info(`${processor.kind} processor: ${outcome} mail dropped (no delivery or forwarding configured)`, { id: env.id, from: env.mailFrom });
      return;
    }
    await this.spoolCopy(env, to, `${env.id}p${Math.min(...group).toString(36)}`);
  }

  private async spoolCopy(env: Envelope, recipients: EnvelopeRecipient[], id: string): Promise<void> {
    const { id: _id, size: _size, inboundAuth, ...rest } = env;
    const writer = await this.deps.spool.create({ ...rest, recipients, source: { ...env.source, type: "local" } }, { id });
    try {
      for await (const chunk of this.deps.spool.readBody(env.id)) await writer.write(chunk as Buffer);
      // The checks made on receipt go with the copy, so it is delivered with our Authentication-Results.
      this.deps.enqueue(await writer.commit(inboundAuth ? { inboundAuth } : undefined));
    } catch (err) {
      await writer.abort().catch(() => undefined);
      throw err;
    }
  }

  /** The report's content, or null when it is larger than a report can be. */
  private async read(id: string): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.deps.spool.readBody(id)) {
      size += (chunk as Buffer).length;
      if (size > MAX_REPORT_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
}

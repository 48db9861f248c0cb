/**
 * Delivering one queue entry on an open session: in transactions of at most
 * `max-rcpt-per-transaction` recipients, each reply turned into its accounting record and run
 * through the queue's `<smtp-pattern-list>` (reply-policy.ts). Returns what the connection must know
 * next: whether anything was delivered, and whether it may carry on.
 */

import type { DomainSettings, MtaConfig } from "../config/types";
import { wireContent } from "../dkim/sign-for-delivery";
import type { DeliveryQueue } from "../queue/delivery-queue";
import type { QueueManager } from "../queue/queue-manager";
import { bounceQueue } from "../queue/queue-actions";
import type { RecipientOutcome } from "../queue/queue-ports";
import type { QueueEntry } from "../queue/queued-message";
import type { Spool } from "../spool/spool";
import type { DeliveryContext, Happening } from "./outcome";
import { applyReply, type ReplyEffect } from "./reply-policy";
import type { SmtpSession, TransactionEnvelope } from "./smtp-client";

export interface TransactionDeps {
  queues: QueueManager;
  spool: Spool;
  config(): MtaConfig;
  now(): number;
  record(entry: QueueEntry, index: number, happening: Happening, ctx: DeliveryContext): RecipientOutcome["record"];
  /** True once the dispatcher is shutting down: cut-off recipients stay pending, unrecorded. */
  stopping(): boolean;
  /** Hears about a message sent unsigned because its DKIM key could not sign. */
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface TransactionResult {
  delivered: boolean;
  /** The session may carry the next transaction. */
  usable: boolean;
  /** A reply asked to move to the next MX host. */
  skipMx: boolean;
}

/** What the session adds for the `<smtp-pattern-list>` actions. */
export interface SessionHooks {
  /** The VirtualMTA source address the session is bound to (what `disable-source-ip` takes out). */
  boundIp?: string;
  /** A reply said skip-mx: called before the entry is settled, so no connection picks this host again. */
  skipHost?(): void;
}

export async function deliverEntry(
  deps: TransactionDeps,
  session: SmtpSession,
  queue: DeliveryQueue,
  entry: QueueEntry,
  settings: DomainSettings,
  ctx: DeliveryContext,
  sessionDelivered: boolean,
  hooks: SessionHooks = {},
): Promise<TransactionResult> {
  const env = entry.msg.envelope;
  const outcomes: RecipientOutcome[] = [];
  const record = (index: number, happening: Happening) => outcomes.push({ index, record: deps.record(entry, index, happening, ctx) });
  if (settings.maxMessageSize > 0 && env.size > settings.maxMessageSize) {
    const reason = `5.3.4 message of ${env.size} bytes exceeds max-message-size ${settings.maxMessageSize} for ${ctx.queue}`;
    for (const index of entry.rcpts) record(index, { kind: "local", permanent: true, status: "5.3.4", reason });
    deps.queues.settle(entry, outcomes, sessionDelivered);
    return { delivered: false, usable: true, skipMx: false };
  }
  let usable = true;
  let skipMx = false;
  let delivered = false;
  let bounceQueueReply: string | null = null;
  let elsewhere = false;
  // DKIM, Authentication-Results, ARC: the bytes to send when any applies (one copy, reused by every transaction), else null.
  const pool = env.recipients[entry.rcpts[0]]?.vmtaPool;
  const wire = await wireContent(
    { config: deps.config(), settings, vmta: ctx.vmta, pool },
    entry.msg.content,
    () => deps.spool.readBody(env.id),
    (message) => deps.warn?.(message, { id: env.id, queue: ctx.queue }),
    env.inboundAuth,
  );
  for (const chunk of transactionsOf(entry, settings.maxRcptPerTransaction, ctx.extensions?.includes("DSN") === true)) {
    if (!usable || skipMx) break;
    const envelope = wire ? { ...envelopeFor(entry, chunk), size: wire.content.length } : envelopeFor(entry, chunk);
    const result = await session.send(envelope, wire?.content ?? entry.msg.content ?? deps.spool.readBody(env.id));
    if (result.kind === "session-failed") {
      usable = false;
      // Cut off by our own shutdown: not the destination's doing; delivered after the restart.
      if (deps.stopping()) break;
      for (const index of chunk) record(index, { kind: "local", permanent: false, status: "4.4.2", reason: `connection lost: ${result.error}` });
      break;
    }
    let effects: ReplyEffect | null = null;
    result.recipients.forEach((r, i) => {
      if (r.accepted) delivered = true;
      const effect = r.accepted ? null : applyReply(deps.config(), settings, deps.queues, queue, r.reply, hooks.boundIp, deps.now());
      if (effect) effects = mergeEffects(effects, effect);
      if (effect?.bounceQueue) bounceQueueReply = r.reply;
      record(chunk[i], happeningOf(r.reply, effect));
    });
    if ((effects as ReplyEffect | null)?.skipMx) hooks.skipHost?.();
    elsewhere ||= Boolean((effects as ReplyEffect | null)?.elsewhere);
    usable = result.sessionUsable && !(effects as ReplyEffect | null)?.endSession;
    skipMx = Boolean((effects as ReplyEffect | null)?.skipMx);
    if (usable && !result.recipients.some((r) => r.accepted)) usable = await session.reset();
  }
  deps.queues.settle(entry, outcomes, sessionDelivered || delivered, elsewhere);
  if (bounceQueueReply !== null) {
    const reply = bounceQueueReply;
    bounceQueue(deps.queues, queue, (e, index) => deps.record(e, index, { kind: "local", permanent: true, status: "5.0.0", reason: `smtp;${reply} (bounce-queue)` }, ctx));
  }
  return { delivered, usable, skipMx };
}

function mergeEffects(a: ReplyEffect | null, b: ReplyEffect): ReplyEffect {
  if (!a) return b;
  return {
    endSession: a.endSession || b.endSession,
    skipMx: a.skipMx || b.skipMx,
    elsewhere: a.elsewhere || b.elsewhere,
    bounceRcpt: a.bounceRcpt || b.bounceRcpt,
    bounceQueue: a.bounceQueue || b.bounceQueue,
  };
}

/** A refused recipient's record: `bounce-rcpt` makes a 4xx permanent; `skip-mx` keeps even a 5xx queued. */
function happeningOf(reply: string, effect: ReplyEffect | null): Happening {
  if (effect?.bounceRcpt && /^4/.test(reply)) return { kind: "local", permanent: true, status: "5.0.0", reason: `smtp;${reply} (bounce-rcpt)` };
  if (effect?.skipMx && !/^4/.test(reply)) return { kind: "local", permanent: false, status: "4.4.0", reason: `smtp;${reply} (skip-mx)` };
  return { kind: "reply", reply };
}

/**
 * The entry's recipients in transactions of at most `max-rcpt-per-transaction`. nodemailer sends one
 * NOTIFY and ORCPT for a whole transaction, so for a next hop that supports DSN (and so reports on
 * delivery in Hermod's place, completion.ts) recipients whose NOTIFY or ORCPT differ go in separate
 * transactions: each gets its own parameters, as RFC 3461 §5.2.1 asks of a relay.
 */
function transactionsOf(entry: QueueEntry, maxRcpt: number, peerHasDsn: boolean): number[][] {
  const size = Math.max(1, maxRcpt);
  const recipients = entry.msg.envelope.recipients;
  const groups = new Map<string, number[]>();
  for (const index of entry.rcpts) {
    const r = recipients[index];
    const key = peerHasDsn ? JSON.stringify([r.notify ?? null, r.orcpt ?? null]) : "";
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  }
  const chunks: number[][] = [];
  for (const group of groups.values()) for (let start = 0; start < group.length; start += size) chunks.push(group.slice(start, start + size));
  return chunks;
}

function envelopeFor(entry: QueueEntry, chunk: number[]): TransactionEnvelope {
  const env = entry.msg.envelope;
  const dsn: TransactionEnvelope["dsn"] = {};
  if (env.ret) dsn.ret = env.ret;
  if (env.envId) dsn.envid = env.envId;
  // Every recipient of a transaction to a DSN-capable peer shares NOTIFY and ORCPT (transactionsOf);
  // to any other peer nodemailer sends neither.
  const rcpt = env.recipients[chunk[0]];
  if (rcpt.orcpt) dsn.orcpt = rcpt.orcpt;
  if (rcpt.notify === "NEVER") dsn.notify = ["NEVER"];
  else if (rcpt.notify) {
    const notify = rcpt.notify;
    const keywords = (["success", "failure", "delay"] as const).filter((k) => notify[k]).map((k) => k.toUpperCase());
    if (keywords.length > 0) dsn.notify = keywords;
  }
  return {
    from: env.mailFrom,
    to: chunk.map((i) => env.recipients[i].address),
    size: env.size,
    dsn: Object.keys(dsn).length > 0 ? dsn : undefined,
  };
}

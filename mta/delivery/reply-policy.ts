/**
 * What a remote reply does beyond its own recipient, per the queue's `<smtp-pattern-list>`
 * (UG §3.3.15): change the queue's mode, take the connection's source address out of the queue,
 * move on to the next MX, bounce a 4xx'd recipient, bounce or defer the whole queue. Returns what
 * the connection must do next; the queue-level effects are applied through the queue manager.
 */

import type { DomainSettings, MtaConfig } from "../config/types";
import type { DeliveryQueue } from "../queue/delivery-queue";
import type { QueueManager } from "../queue/queue-manager";
import { matchReply } from "../shaping/smtp-patterns";

export interface ReplyEffect {
  /** The connection stops taking mail (the queue is deferred, or its address disabled, or skip-mx). */
  endSession: boolean;
  /** Try the next MX host instead of this one; the mail stays queued whatever the reply's class. */
  skipMx: boolean;
  /**
   * The refusal was about this MX host or this source address, not the mail: the recipient goes
   * again at once, through the next MX (skip-mx) or another address (disable-source-ip), instead of
   * waiting for a retry.
   */
  elsewhere: boolean;
  /** Treat this recipient's 4xx as permanent. */
  bounceRcpt: boolean;
  /** Bounce every recipient of the queue with this reply. */
  bounceQueue: boolean;
}

const NONE: ReplyEffect = { endSession: false, skipMx: false, elsewhere: false, bounceRcpt: false, bounceQueue: false };

/**
 * Applies the first rule of the queue's list matching `reply`. `sourceIp` is the VirtualMTA source
 * address the session is bound to, undefined for the `{default}` one: `disable-source-ip` can only
 * take out an address Hermod chooses.
 */
export function applyReply(
  config: MtaConfig,
  settings: DomainSettings,
  queues: QueueManager,
  queue: DeliveryQueue,
  reply: string,
  sourceIp: string | undefined,
  now: number,
): ReplyEffect {
  const action = matchReply(config, settings.smtpPatternList, reply);
  // PowerMTA's smtp-421-means-mx-unavailable: a 421 says this MX is not taking mail now.
  const mx421 = settings.smtp421MeansMxUnavailable && /^421(?:[ -]|$)/.test(reply);
  if (!action) return mx421 ? { ...NONE, skipMx: true, elsewhere: true, endSession: true } : NONE;
  if (action.mode === "backoff") queues.enterBackoff(queue, reply, action.backoffToNormalAfter);
  else if (action.mode === "normal") queues.toNormal(queue, reply, "reply");
  let disabled = false;
  if (action.disableSourceIp && sourceIp) {
    queue.disableSource(sourceIp, now + (action.reenableAfter ?? settings.reenableSourceIpAfter), reply);
    disabled = true;
  }
  if (action.deferQueue) queues.deferQueue(queue);
  const skipMx = Boolean(action.skipMx) || mx421;
  return {
    endSession: disabled || skipMx || Boolean(action.deferQueue),
    skipMx,
    // A deferred queue waits as a whole, whatever else the rule says.
    elsewhere: (disabled || skipMx) && !action.deferQueue,
    bounceRcpt: Boolean(action.bounceRcpt),
    bounceQueue: Boolean(action.bounceQueue),
  };
}

/**
 * Which queue each pending recipient of a message joins: its domain (or the domain's `queue-to`) and
 * its VirtualMTA, or the reroute VirtualMTA while that queue is in backoff with
 * `backoff-reroute-to-virtual-mta`. Pure: the caller supplies settings and the reroute lookup.
 */

import type { DomainSettings } from "../config/types";
import { DEFAULT_VMTA, formatQueueKey, recipientDomain } from "./queue-key";
import type { QueuedMessage } from "./queued-message";

export interface QueueShare {
  domain: string;
  vmta: string;
  /** Recipient indexes of the message that go to this queue. */
  indexes: number[];
}

export function splitByQueue(
  msg: QueuedMessage,
  settingsFor: (domain: string, vmta: string) => DomainSettings,
  rerouteOf: (queueKey: string) => string | null,
): Map<string, QueueShare> {
  const byQueue = new Map<string, QueueShare>();
  const rcpts = msg.envelope.recipients;
  for (let i = 0; i < rcpts.length; i++) {
    if (msg.isDone(i)) continue;
    let vmta = rcpts[i].vmta ?? msg.envelope.vmta ?? DEFAULT_VMTA;
    const rcptDomain = recipientDomain(rcpts[i].address);
    const domain = settingsFor(rcptDomain, vmta).queueTo ?? rcptDomain;
    const reroute = rerouteOf(formatQueueKey({ domain, vmta }));
    if (reroute) vmta = reroute;
    const key = formatQueueKey({ domain, vmta });
    const share = byQueue.get(key);
    if (share) share.indexes.push(i);
    else byQueue.set(key, { domain, vmta, indexes: [i] });
  }
  return byQueue;
}

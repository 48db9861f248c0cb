/**
 * Destinations that share mail servers share limits (issue 4 §4): every domain whose MX set is the
 * same (KumoMTA's "site"), or that an `<mx-rollup-list>` rule names, joins one group per VirtualMTA.
 * The group counts the connections of all its queues and keeps one message and one connect rate
 * limiter, under the strictest limits of its members (or, for a named rollup, the `<domain NAME>`
 * settings of the rollup). A queue keeps its own name, records and retries.
 */

import type { Rate } from "../config/types";
import { RateLimiter } from "../shaping/rate-limiter";
import type { DeliveryQueue } from "./delivery-queue";

export class LimitGroup {
  readonly queues = new Set<DeliveryQueue>();
  active = 0;
  readonly msg = new RateLimiter(null);
  readonly connect = new RateLimiter(null);

  constructor(
    readonly key: string,
    /** For a named `<mx-rollup-list>` rollup, the domain whose settings set the group's limits. */
    readonly rollupName: string | null,
  ) {}

  join(queue: DeliveryQueue): void {
    if (queue.group === this) return;
    queue.group?.leave(queue);
    queue.group = this;
    this.queues.add(queue);
    this.active += queue.active;
  }

  /**
   * `waiting` is held back by the group's `max-smtp-out`: the members' idle connections (waiting for
   * more of their own mail) quit, so that their slots pass to it instead of idling.
   */
  yieldIdle(waiting: DeliveryQueue): void {
    for (const queue of this.queues) if (queue !== waiting) queue.releaseIdle();
  }

  leave(queue: DeliveryQueue): void {
    if (!this.queues.delete(queue)) return;
    this.active -= queue.active;
    queue.group = null;
  }
}

/** The stricter of two rates (null is unlimited). */
export function stricterRate(a: Rate | null, b: Rate | null): Rate | null {
  if (!a) return b;
  if (!b) return a;
  return a.perMs / a.count >= b.perMs / b.count ? a : b;
}

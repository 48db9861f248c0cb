/**
 * Drives the normal ↔ backoff mode of every queue (shaping/backoff.ts holds one queue's state
 * machine): applies `mode=` rules with the queue's `backoff-to-normal-after*` settings, ticks the
 * queues in backoff — only those — once a second so their timers can return them to normal, and says
 * where a queue in backoff reroutes its mail. Each change goes to `changed`, which reroutes,
 * re-dispatches and publishes it.
 */

import type { DomainSettings } from "../config/types";
import type { Clock } from "../ports";
import type { ModeCause, ModeChange } from "../shaping/backoff";
import type { DeliveryQueue } from "./delivery-queue";

const TICK_MS = 1_000;

export interface QueueModesDeps {
  clock: Clock;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /** The VirtualMTA a `backoff-reroute-to-virtual-mta` name stands for now (a pool picks a member). */
  rerouteTarget(name: string): string;
  changed(queue: DeliveryQueue, change: ModeChange): void;
}

export class QueueModes {
  private readonly inBackoff = new Set<DeliveryQueue>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: QueueModesDeps) {}

  /**
   * A `mode=backoff` rule matched `reply` (or an operator set the mode); `toNormalAfter` is the rule's
   * own `backoff-to-normal-after=`.
   */
  enterBackoff(queue: DeliveryQueue, reply: string, toNormalAfter?: number, cause: Extract<ModeCause, "reply" | "operator"> = "reply"): void {
    const settings = this.deps.settingsFor(queue.domain, queue.vmta);
    const policy = {
      toNormalAfter: toNormalAfter ?? settings.backoffToNormalAfter,
      toNormalAfterDelivery: settings.backoffToNormalAfterDelivery,
    };
    this.apply(queue, queue.backoff.enterBackoff(this.deps.clock.now(), reply, policy, cause));
  }

  /** A `mode=normal` rule matched, or an operator set the mode. */
  toNormal(queue: DeliveryQueue, reason: string, cause: ModeCause): void {
    this.apply(queue, queue.backoff.toNormal(this.deps.clock.now(), reason, cause));
  }

  /** The queue delivered a recipient (`backoff-to-normal-after-delivery`). */
  delivered(queue: DeliveryQueue): void {
    this.apply(queue, queue.backoff.onDelivery(this.deps.clock.now()));
  }

  /** The VirtualMTA the queue's mail goes to instead while it is in backoff (`backoff-reroute-to-virtual-mta`), or null. */
  rerouteOf(queue: DeliveryQueue | undefined): string | null {
    if (!queue || queue.backoff.mode !== "backoff") return null;
    const name = this.deps.settingsFor(queue.domain, queue.vmta).backoffRerouteToVirtualMta;
    if (!name) return null;
    const target = this.deps.rerouteTarget(name);
    return target === queue.vmta ? null : target;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private apply(queue: DeliveryQueue, change: ModeChange | null): void {
    if (!change) return;
    if (change.mode === "backoff") {
      this.inBackoff.add(queue);
      if (!this.timer) {
        this.timer = setInterval(() => this.tick(), TICK_MS);
        this.timer.unref?.();
      }
    } else this.inBackoff.delete(queue);
    this.deps.changed(queue, change);
  }

  private tick(): void {
    const now = this.deps.clock.now();
    for (const queue of [...this.inBackoff]) this.apply(queue, queue.backoff.tick(now));
    if (this.inBackoff.size === 0) this.stop();
  }
}

/**
 * The outbound connection slots shared by all queues: `total-max-smtp-out` and each VirtualMTA's
 * `max-smtp-out`. A queue turned away for lack of a shared slot is remembered as starved, and gets
 * the next freed slot in `queue-priority` order (with the queue that freed it, and the queues of its
 * group). A queue whose source addresses are all busy or
 * disabled is held (no slot) until a time or until one of its connections ends.
 */

import type { Clock } from "../ports";
import type { DeliveryQueue } from "./delivery-queue";

export interface ConnectionSlotsDeps {
  clock: Clock;
  totalMaxSmtpOut(): number;
  vmtaMaxSmtpOut(vmta: string): number;
  queuePriority(queue: DeliveryQueue): number;
}

export class ConnectionSlots {
  private open = 0;
  private readonly perVmta = new Map<string, number>();
  private readonly starved = new Set<DeliveryQueue>();
  private readonly held = new Map<DeliveryQueue, number>();

  constructor(private readonly deps: ConnectionSlotsDeps) {}

  get active(): number {
    return this.open;
  }

  /** Whether `queue` may open one more connection as far as the shared caps go; if not, it waits. */
  claim(queue: DeliveryQueue): boolean {
    if ((this.held.get(queue) ?? 0) > this.deps.clock.now()) return false;
    if (this.open >= this.deps.totalMaxSmtpOut() || (this.perVmta.get(queue.vmta) ?? 0) >= this.deps.vmtaMaxSmtpOut(queue.vmta)) {
      this.starved.add(queue);
      return false;
    }
    this.open++;
    this.perVmta.set(queue.vmta, (this.perVmta.get(queue.vmta) ?? 0) + 1);
    return true;
  }

  /**
   * No source address of `queue` can take a connection before `until`: without the hold, the attempt
   * that found them busy would end, free its slot, and be retried at once, over and over.
   */
  holdUntil(queue: DeliveryQueue, until: number): void {
    this.held.set(queue, until);
  }

  /** Until when `queue` is held; Infinity when it is not (it then waits for a freed slot instead). */
  heldUntil(queue: DeliveryQueue): number {
    const until = this.held.get(queue) ?? 0;
    return until > this.deps.clock.now() ? until : Infinity;
  }

  /**
   * Gives back `queue`'s slot. The queue then competes for the freed slot with the starved ones, by
   * `queue-priority` (see `waiting`), instead of taking it back at once: otherwise a busy low-priority
   * queue would keep every slot it ever had while a higher-priority one waits. `established`: the
   * connection got a source address, which is free again, so a hold ends.
   */
  release(queue: DeliveryQueue, established: boolean): void {
    this.open--;
    this.perVmta.set(queue.vmta, (this.perVmta.get(queue.vmta) ?? 1) - 1);
    this.starved.add(queue);
    // A connection of a group frees a place under the group's max-smtp-out, for any of its members.
    for (const member of queue.group?.queues ?? []) this.starved.add(member);
    if (established) this.held.delete(queue);
  }

  forget(queue: DeliveryQueue): void {
    this.starved.delete(queue);
    this.held.delete(queue);
  }

  /**
   * Whether a queue turned away for lack of a slot would get the one a connection of `queue` holds:
   * all slots are taken, or it waits for one of the same VirtualMTA. An idle connection then quits.
   */
  wanted(queue: DeliveryQueue): boolean {
    const full = this.open >= this.deps.totalMaxSmtpOut();
    for (const q of this.starved) if (q !== queue && wantsConnection(q) && (full || q.vmta === queue.vmta)) return true;
    return false;
  }

  /** The starved queues to try again now a slot is free, highest `queue-priority` first. */
  *waiting(): Generator<DeliveryQueue> {
    if (this.starved.size === 0) return;
    const queues = [...this.starved].sort((a, b) => this.deps.queuePriority(b) - this.deps.queuePriority(a));
    for (const queue of queues) {
      if (this.open >= this.deps.totalMaxSmtpOut()) return;
      this.starved.delete(queue);
      yield queue;
    }
  }
}

/** More ready entries than connections about to take one: the queue would open another (unless paused). */
export function wantsConnection(queue: DeliveryQueue): boolean {
  return !queue.paused && queue.readyCount > queue.idleCount + queue.opening;
}

/**
 * The limits a queue's mail must pass besides its own: the group of destinations sharing its MX hosts
 * (or a named `<mx-rollup-list>` rollup), its VirtualMTA's `max-smtp-msg-rate`, and the source
 * address's `source-ip-max-msg-rate`. Holds the shared rate limiters and caches a group's limits for a
 * second, since they are the strictest of all its queues' settings.
 */

import { cidrContains } from "../config/index";
import type { DomainSettings, Rate } from "../config/types";
import type { Clock } from "../ports";
import { effectiveLimits, type EffectiveLimits } from "../shaping/limits";
import { RateLimiter } from "../shaping/rate-limiter";
import { wantsConnection } from "./connection-slots";
import type { DeliveryQueue } from "./delivery-queue";
import { LimitGroup, stricterRate } from "./limit-group";
import { DEFAULT_VMTA } from "./queue-key";

export interface SharedLimitsDeps {
  clock: Clock;
  settingsFor(domain: string, vmta: string): DomainSettings;
  /**
   * The `max-smtp-msg-rate` of a VirtualMTA across its queues, or of a pool across the mail sent
   * through it (VirtualMTA and pool names share one namespace); null: unlimited.
   */
  vmtaMsgRate(name: string): Rate | null;
  /** The startup ramp's current factor (1 when none runs). */
  rampFactor(): number;
}

const GROUP_LIMITS_TTL_MS = 1_000;
/** How often a queue at a connection limit looks again while the startup ramp runs. */
const RAMP_RECHECK_MS = 250;
const UNLIMITED: EffectiveLimits = { maxSmtpOut: Infinity, msgRate: null, connectRate: null, retryAfter: [] };

export class SharedLimits {
  private readonly vmtaLimiters = new Map<string, RateLimiter>();
  private readonly groups = new Map<string, LimitGroup>();
  private readonly groupCache = new WeakMap<LimitGroup, { at: number; limits: EffectiveLimits }>();

  constructor(private readonly deps: SharedLimitsDeps) {}

  /** The limits `queue` works under now: its settings, its mode, the startup ramp. */
  limitsFor(queue: DeliveryQueue): EffectiveLimits {
    return effectiveLimits(this.deps.settingsFor(queue.domain, queue.vmta), queue.backoff.mode, this.deps.rampFactor());
  }

  /**
   * The queue's destination resolved to a shared site (same MX set) or a named rollup. Returns
   * whether the group's connections, the asking one among them, are within its `max-smtp-out`: the
   * queue counted its connections on its own until now, and those over the limit must give way.
   */
  joinGroup(queue: DeliveryQueue, site: string, rollupName: string | null): boolean {
    const key = `${queue.vmta}|${site}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new LimitGroup(key, rollupName);
      this.groups.set(key, group);
    }
    if (queue.group !== group) {
      group.join(queue);
      this.groupCache.delete(group);
    }
    return group.active <= this.groupLimits(group).maxSmtpOut;
  }

  /** Whether another member of `queue`'s group waits for a connection its full `max-smtp-out` denies. */
  groupWanted(queue: DeliveryQueue): boolean {
    const group = queue.group;
    if (!group || group.active < this.groupLimits(group).maxSmtpOut) return false;
    for (const q of group.queues) if (q !== queue && wantsConnection(q)) return true;
    return false;
  }

  /**
   * When a queue held back by a connection limit should look again: a step later while the startup
   * ramp raises the limits (no connection closing may come to trigger it), else never (Infinity).
   */
  rampRecheckAt(now: number): number {
    return this.deps.rampFactor() < 1 ? now + RAMP_RECHECK_MS : Infinity;
  }

  /** A member's mode or settings changed: recompute the group's limits on next use. */
  invalidate(group: LimitGroup | null): void {
    if (group) this.groupCache.delete(group);
  }

  /**
   * Rate limiters a message of `queue` from `sourceIp` must pass: queue, group, VirtualMTA, the pool
   * it was sent through (if any), source address.
   */
  msgLimiters(queue: DeliveryQueue, sourceIp?: string, pool?: string): RateLimiter[] {
    queue.msgLimiter.setRate(this.limitsFor(queue).msgRate);
    const out = [queue.msgLimiter];
    if (queue.group) {
      queue.group.msg.setRate(this.groupLimits(queue.group).msgRate);
      out.push(queue.group.msg);
    }
    out.push(this.namedLimiter(queue.vmta));
    if (pool) out.push(this.namedLimiter(pool));
    if (sourceIp) {
      const settings = this.deps.settingsFor(queue.domain, queue.vmta);
      const state = queue.sourceIp(sourceIp);
      state.msg.setRate(sourceIpRule(settings.sourceIpMaxMsgRate, sourceIp)?.rate ?? null);
      out.push(state.msg);
    }
    return out;
  }

  /** The `max-smtp-msg-rate` limiter of a VirtualMTA or a pool. */
  private namedLimiter(name: string): RateLimiter {
    let limiter = this.vmtaLimiters.get(name);
    if (!limiter) {
      limiter = new RateLimiter(null);
      this.vmtaLimiters.set(name, limiter);
    }
    limiter.setRate(this.deps.vmtaMsgRate(name));
    return limiter;
  }

  /** A group's limits: a named rollup's `<domain NAME>` settings, else the strictest of its queues. */
  groupLimits(group: LimitGroup): EffectiveLimits {
    const now = this.deps.clock.now();
    const cached = this.groupCache.get(group);
    if (cached && now - cached.at < GROUP_LIMITS_TTL_MS) return cached.limits;
    let limits: EffectiveLimits | null = null;
    if (group.rollupName) {
      const [first] = group.queues;
      limits = effectiveLimits(this.deps.settingsFor(group.rollupName, first?.vmta ?? DEFAULT_VMTA), "normal", this.deps.rampFactor());
    } else {
      for (const q of group.queues) limits = limits ? strictest(limits, this.limitsFor(q)) : this.limitsFor(q);
    }
    const result = limits ?? UNLIMITED;
    this.groupCache.set(group, { at: now, limits: result });
    return result;
  }
}

function strictest(a: EffectiveLimits, b: EffectiveLimits): EffectiveLimits {
  return {
    maxSmtpOut: Math.min(a.maxSmtpOut, b.maxSmtpOut),
    msgRate: stricterRate(a.msgRate, b.msgRate),
    connectRate: stricterRate(a.connectRate, b.connectRate),
    retryAfter: a.retryAfter,
  };
}

/** The first `source-ip-*` rule whose CIDR holds `ip`. */
export function sourceIpRule<T extends { cidr: string }>(rules: readonly T[], ip: string): T | undefined {
  return rules.find((r) => cidrContains(r.cidr, ip));
}

/**
 * IP warm-up (UG §10.7): a VirtualMTA with `cold-virtual-mta` sends the first messages per
 * destination domain and day through its cold VirtualMTAs instead, as many as the domain's
 * `max-cold-virtual-mta-msg` schedule allows for the cold VirtualMTA's day in service (the last entry
 * repeats). Counters survive restarts (a file in the data directory) and start over each day (UTC).
 */

import type { Clock, Logger } from "../ports";
import { StateFile } from "../state/state-file";

const DAY_MS = 86_400_000;

interface WarmupState {
  /** UTC day number each cold VirtualMTA was first used. */
  firstDay: Record<string, number>;
  /** The UTC day `counts` belong to. */
  day: number;
  /** Messages diverted today, by `cold-vmta domain`. */
  counts: Record<string, number>;
}

export class WarmupCounters {
  private readonly state: WarmupState;
  private readonly saved: StateFile<WarmupState>;
  private readonly rotation = new Map<string, number>();

  constructor(
    file: string | null,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.saved = new StateFile(file, "warm-up counters", logger);
    this.state = this.saved.load(isWarmupState, { firstDay: {}, day: 0, counts: {} });
  }

  /**
   * The cold VirtualMTA a message to `domain` goes through instead of its VirtualMTA, or null when
   * today's allowance is used up (or there is no warm-up for it).
   */
  divert(coldVirtualMtas: readonly string[], domain: string, schedule: readonly number[] | null): string | null {
    if (coldVirtualMtas.length === 0 || !schedule || schedule.length === 0) return null;
    const today = Math.floor(this.clock.now() / DAY_MS);
    if (this.state.day !== today) {
      this.state.day = today;
      this.state.counts = {};
    }
    const key = coldVirtualMtas.join(",");
    const n = this.rotation.get(key) ?? 0;
    for (let k = 0; k < coldVirtualMtas.length; k++) {
      const cold = coldVirtualMtas[(n + k) % coldVirtualMtas.length];
      const first = (this.state.firstDay[cold] ??= today);
      const allowed = schedule[Math.min(today - first, schedule.length - 1)];
      const counter = `${cold} ${domain}`;
      const used = this.state.counts[counter] ?? 0;
      if (used >= allowed) continue;
      this.state.counts[counter] = used + 1;
      this.rotation.set(key, n + k + 1);
      this.saved.changed(() => this.state);
      return cold;
    }
    return null;
  }

  /** Writes pending counts now (at stop). */
  flush(): void {
    this.saved.flush(this.state);
  }
}

/** A file from an older or broken write must not reach `divert`, where it would fail every reception. */
function isWarmupState(value: unknown): value is WarmupState {
  const v = value as Partial<WarmupState> | null;
  const numbers = (o: unknown) => typeof o === "object" && o !== null && !Array.isArray(o) && Object.values(o).every((n) => Number.isInteger(n));
  return typeof v === "object" && v !== null && Number.isInteger(v.day) && numbers(v.firstDay) && numbers(v.counts);
}

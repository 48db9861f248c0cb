/**
 * PowerMTA's traffic figures (status document `traffic`, and the monitor's header) from the monitor's
 * rollups: `in` is received (messages, their recipients, KB), `out` is delivered.
 */

import type { TTraffic, TTrafficPeriod } from "../schemas/monitor";
import type { MonitorRollups } from "./monitor-rollups";
import { addInto, maxInto, zeroRollup, type RollupCounts } from "./rollup-counts";

/** Persisted figures read once at start: all-time sums and the busiest minute / hour on record. */
export interface PersistedTraffic {
  totals: RollupCounts;
  topMinute: RollupCounts;
  topHour: RollupCounts;
}

export function toTrafficPeriod(c: RollupCounts): TTrafficPeriod {
  return {
    in: { rcp: c.receivedRcpt, msg: c.received, kb: Math.round(c.receivedKb) },
    // out.msg equals out.rcp: PowerMTA counts a message once per delivery transaction, which would
    // need per-message state across records and restarts. Hermod rolls up recipients only, so a
    // message delivered to n recipients counts n times here.
    out: { rcp: c.delivered, msg: c.delivered, kb: Math.round(c.deliveredKb) },
  };
}

export function buildTraffic(rollups: MonitorRollups, persisted: PersistedTraffic, now: number): TTraffic {
  const total = addInto(addInto(zeroRollup(), persisted.totals), rollups.live);
  // The windows already hold the persisted minutes/hours they overlap, so a maximum (not a sum) is right.
  const topMinute = maxInto(maxInto(zeroRollup(), persisted.topMinute), rollups.windowPeak(rollups.minutes, now));
  const topHour = maxInto(maxInto(zeroRollup(), persisted.topHour), rollups.windowPeak(rollups.hours, now));
  return {
    total: toTrafficPeriod(total),
    sinceStart: toTrafficPeriod(rollups.live),
    lastHr: toTrafficPeriod(rollups.windowTotal(rollups.minutes, now)),
    lastMin: toTrafficPeriod(rollups.windowTotal(rollups.seconds, now)),
    topPerHr: toTrafficPeriod(topHour),
    topPerMin: toTrafficPeriod(topMinute),
  };
}

/**
 * Traffic from the monitor's per-minute snapshot, for a monitor that does not offer `traffic()`
 * (TTraffic): recipients only (messages and KB are not counted there, so they are 0), `lastHr` and
 * `topPerMin` over the monitor's window, `topPerHr` the window's sum.
 */

import type { MtaSnapshot } from "@/mta/index";
import type { TMonitorSnapshot, TTraffic, TTrafficCounts } from "../schemas/monitor";

const zero = (): TTrafficCounts => ({ rcp: 0, msg: 0, kb: 0 });
const pair = (inRcp: number, outRcp: number) => ({ in: { ...zero(), rcp: inRcp }, out: { ...zero(), rcp: outRcp } });

export function trafficFromMonitorSnapshot(m: TMonitorSnapshot, engine: MtaSnapshot | null): TTraffic {
  const points = m.throughput;
  const last = points.at(-1);
  const hourIn = points.reduce((n, p) => n + p.received, 0);
  const hourOut = points.reduce((n, p) => n + p.delivered, 0);
  const topIn = points.reduce((n, p) => Math.max(n, p.received), 0);
  const topOut = points.reduce((n, p) => Math.max(n, p.delivered), 0);
  return {
    total: pair(m.totals.received, m.totals.delivered),
    sinceStart: pair(engine?.counters.received ?? 0, engine?.counters.delivered ?? 0),
    lastHr: pair(hourIn, hourOut),
    lastMin: pair(last?.received ?? 0, last?.delivered ?? 0),
    topPerHr: pair(hourIn, hourOut),
    topPerMin: pair(topIn, topOut),
  };
}

export function emptyTraffic(): TTraffic {
  return { total: pair(0, 0), sinceStart: pair(0, 0), lastHr: pair(0, 0), lastMin: pair(0, 0), topPerHr: pair(0, 0), topPerMin: pair(0, 0) };
}

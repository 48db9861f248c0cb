/**
 * The live feed's snapshot, built once per push from the engine snapshot and the rollups: engine
 * status, traffic windows, queue health per VirtualMTA and pool, top queues and jobs, failures and the
 * per-minute chart. Its size does not depend on the number of queues.
 */

import type { MtaSnapshot } from "@/mta/index";
import type { TEngineStatus, TMonitorSnapshot } from "../schemas/monitor";
import type { MonitorRollups } from "./monitor-rollups";
import { summarizeQueues, topJobs } from "./queue-health";
import { addInto, zeroRollup, type RollupCounts } from "./rollup-counts";
import { toTrafficPeriod } from "./traffic";

function engineStatus(s: MtaSnapshot | null): TEngineStatus {
  if (!s) return { state: "not-running" };
  return {
    state: "running",
    startedAt: s.startedAt,
    smtpIn: s.connections.smtpIn,
    smtpOut: s.connections.smtpOut,
    queuedRecipients: s.totals.queuedRecipients,
    queuedMessages: s.totals.queuedMessages,
    spoolBytes: s.totals.spoolBytes,
  };
}

/** `engine` null: not running (the feed then shows persisted history only). */
export function buildSnapshot(at: number, engine: MtaSnapshot | null, rollups: MonitorRollups, persistedTotals: RollupCounts): TMonitorSnapshot {
  const all = addInto(addInto(zeroRollup(), persistedTotals), rollups.live);
  const health = summarizeQueues(engine ?? { queues: [], pools: [], vmtas: [] });
  return {
    at,
    engine: engineStatus(engine),
    totals: { received: all.received, delivered: all.delivered, deferred: all.deferred, bounced: all.bounced },
    traffic: {
      lastMin: toTrafficPeriod(rollups.windowTotal(rollups.seconds, at)),
      lastHr: toTrafficPeriod(rollups.windowTotal(rollups.minutes, at)),
      sinceStart: toTrafficPeriod(rollups.live),
    },
    queueCount: health.queueCount,
    vmtas: health.vmtas,
    pools: health.pools,
    topQueues: health.topQueues,
    jobs: engine ? topJobs(engine, (id) => rollups.job24h(id, at)) : [],
    failures: rollups.failures(at),
    throughput: rollups.throughput(at),
  };
}

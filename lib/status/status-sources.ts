/**
 * The status API's inputs in this process: the engine (getMta), traffic from the monitor, the running
 * config's limits, and operator actions through runQueueAction (audited). Used by the management
 * server (server.ts's copy) and the /api/v1 routes (the Next bundle's copy): both reach the same
 * engine and monitor through globalThis registries. No next/* imports.
 */

import pkg from "../../package.json";
import { getMonitor } from "../mta-host/monitor";
import { getMta } from "../mta-host/handle";
import type { TTraffic } from "../schemas/monitor";
import { runQueueAction } from "../services/queues/run-queue-action";
import { getRunningMgmtConfig } from "./running-config";
import { hostInfo, type StatusApiDeps } from "./status-api";
import { emptyTraffic } from "./empty-traffic";

const SHUTTING_DOWN = Symbol.for("hermod.shutting-down");
type Flag = { [SHUTTING_DOWN]?: boolean };

/** server.ts: from now on /status reports `shuttingDown: true`. */
export function markShuttingDown(): void {
  (globalThis as Flag)[SHUTTING_DOWN] = true;
}

/** The monitor's traffic (persisted rollups plus this process); zeros when no monitor runs. */
export function currentTraffic(): TTraffic {
  return getMonitor()?.traffic() ?? emptyTraffic();
}

export function defaultStatusApiDeps(): StatusApiDeps {
  return {
    mta: getMta,
    traffic: currentTraffic,
    totalMaxSmtpOut: () => getRunningMgmtConfig()?.totalMaxSmtpOut ?? 0,
    runAction: (actor, action) => runQueueAction(actor, action),
    host: hostInfo(pkg.version),
    shuttingDown: () => (globalThis as Flag)[SHUTTING_DOWN] === true,
  };
}

import "server-only";

import { createAlertRepository } from "../../db/alert-repository";

/**
 * How many alerts are open now (for a banner on /monitor or in the shell). One indexed count; the
 * caller has checked `monitor.read`.
 */
export function countOpenAlerts(): Promise<number> {
  return createAlertRepository().countOpen();
}

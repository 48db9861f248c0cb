/** Traffic with every count 0: what /status reports when no monitor runs in this process. */

import type { TTraffic } from "../schemas/monitor";

const pair = () => ({ in: { rcp: 0, msg: 0, kb: 0 }, out: { rcp: 0, msg: 0, kb: 0 } });

export function emptyTraffic(): TTraffic {
  return { total: pair(), sinceStart: pair(), lastHr: pair(), lastMin: pair(), topPerHr: pair(), topPerMin: pair() };
}

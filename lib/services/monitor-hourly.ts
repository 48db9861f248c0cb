import "server-only";

/**
 * Hourly throughput for the monitor's history chart, from the HourBucket rollups (never raw records):
 * one point per hour of the range (zeros where nothing was counted), every domain or one, plus the
 * busiest domains for the picker. Rows not yet flushed (≤ 5 s) are not in it.
 */

import { createHourBucketRepository, type HourBucketRepository } from "../db/hour-bucket-repository";
import { HOUR_MS, hourOf } from "../mta-host/minute-buckets";
import type { THourlyQuery, THourlyThroughput } from "../schemas/monitor";

const HOURS: Record<THourlyQuery["range"], number> = { "24h": 24, "7d": 7 * 24 };
/** Domains offered in the picker. */
export const PICKER_DOMAINS = 20;

export async function getHourlyThroughput(
  query: THourlyQuery,
  now = Date.now(),
  repo: Pick<HourBucketRepository, "series" | "topDomains"> = createHourBucketRepository(),
): Promise<THourlyThroughput> {
  const hours = HOURS[query.range];
  const from = hourOf(now) - (hours - 1) * HOUR_MS;
  const [series, top] = await Promise.all([repo.series(from, query.domain), repo.topDomains(from, PICKER_DOMAINS)]);
  const byHour = new Map(series.map((p) => [p.hourStart, p]));
  const points = Array.from({ length: hours }, (_, i) => {
    const hour = from + i * HOUR_MS;
    const p = byHour.get(hour);
    return { hour, received: p?.received ?? 0, delivered: p?.delivered ?? 0, deferred: p?.deferred ?? 0, bounced: p?.bounced ?? 0 };
  });
  return { range: query.range, domain: query.domain ?? null, points, topDomains: top.map((d) => d.domain) };
}

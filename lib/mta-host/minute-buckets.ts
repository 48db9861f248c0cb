/** Periods and keys of the monitor's rollups: minute and hour buckets per recipient domain. */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** The domain key for counts that belong to no single recipient domain (received messages). */
export const ALL_DOMAINS = "*";
/** The bounce category of a failure record that carries none. */
export const UNCATEGORIZED = "other";

export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/** "User@Example.COM" → "example.com"; an address without a domain counts under "(none)". */
export function recipientDomain(rcpt: string): string {
  const at = rcpt.lastIndexOf("@");
  const domain = at >= 0 ? rcpt.slice(at + 1).trim().toLowerCase() : "";
  return domain.replace(/>$/, "") || "(none)";
}

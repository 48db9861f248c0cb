/**
 * Compiled values written back in the config language's own syntax (units.ts parses them): what the
 * console and `pmta show settings` print, and what a config file would say to get the same value.
 * Each formatter's output parses back to the same value.
 */

import type { DataVolumeRate, Rate, SmtpHost } from "./types";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** `4d12h`, `10m`, `90s`, `0s`; a remainder under a second is rounded up to keep the result parseable. */
export function formatInterval(ms: number): string {
  let rest = Math.ceil(ms / SECOND) * SECOND;
  if (rest <= 0) return "0s";
  let out = "";
  for (const [unit, size] of [["w", WEEK], ["d", DAY], ["h", HOUR], ["m", MINUTE], ["s", SECOND]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** `10m,20m,1h` */
export function formatIntervalList(list: readonly number[]): string {
  return list.map(formatInterval).join(",");
}

/** The denominator of a rate: `m`, `10m`, `h`, `d`, `90s`. */
function per(ms: number): string {
  for (const [unit, size] of [["d", DAY], ["h", HOUR], ["m", MINUTE], ["s", SECOND]] as const) {
    if (ms % size === 0) return ms === size ? unit : `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / SECOND))}s`;
}

const rateTexts = new WeakMap<Rate, string>();

/** `120/m`, `83/10m`, `unlimited` for null. Cached per (frozen, shared) rate object. */
export function formatRate(rate: Rate | null): string {
  if (!rate) return "unlimited";
  let text = rateTexts.get(rate);
  if (text === undefined) {
    text = `${rate.count}/${per(rate.perMs)}`;
    rateTexts.set(rate, text);
  }
  return text;
}

/** The same rate per minute (`83/10m` → 8.3); null for unlimited. */
export function ratePerMinute(rate: Rate | null): number | null {
  return rate ? (rate.count * MINUTE) / rate.perMs : null;
}

const SIZE_UNITS = [["T", 1024 ** 4], ["G", 1024 ** 3], ["M", 1024 ** 2], ["K", 1024]] as const;

/** `25M`, `512K`, `1000` (bytes), `unlimited` for 0 when `zeroIsUnlimited`. */
export function formatSize(bytes: number, zeroIsUnlimited = true): string {
  if (bytes === 0 && zeroIsUnlimited) return "unlimited";
  for (const [unit, size] of SIZE_UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** `12M/m` */
export function formatDataVolumeRate(rate: DataVolumeRate | null): string {
  return rate ? `${formatSize(rate.bytes, false)}/${per(rate.perMs)}` : "unlimited";
}

export function formatBoolean(value: boolean): string {
  return value ? "yes" : "no";
}

/** `mx1.example.com:2525,[192.0.2.1];backup.example.com` (levels by `;`, equal hosts by `,`). */
export function formatSmtpHosts(levels: readonly (readonly SmtpHost[])[]): string {
  return levels.map((level) => level.map(formatSmtpHost).join(",")).join(";");
}

function formatSmtpHost(h: SmtpHost): string {
  const host = h.literal ? (h.host.includes(":") ? `[IPv6:${h.host}]` : `[${h.host}]`) : h.host;
  return h.port === undefined ? host : `${host}:${h.port}`;
}

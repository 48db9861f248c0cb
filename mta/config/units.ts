/**
 * Value syntaxes of the PowerMTA config language (UG5.0 §3.2, §3.3.10.33, §3.3.10.37): time intervals,
 * lists, sizes, rates, booleans and counts. Each parser is pure and returns either the value or a
 * message plus the offset inside the text where the problem is, so the caller can point at the exact
 * column. CIDRs and domain patterns live in `cidr.ts` and `domain-pattern.ts` and are re-exported here.
 */

import { fail, ok, type Parsed } from "./parsed";
import type { DataVolumeRate, Rate } from "./types";

export { fail, ok, type Parsed } from "./parsed";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const INTERVAL_UNITS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE, s: SECOND };

/** `1w2d12h`, `300s`, `10m`, `4d12h`; a bare number is seconds. Result in milliseconds. */
export function parseInterval(text: string): Parsed<number> {
  const t = text.trim();
  const bad = fail<number>(`invalid time interval "${t}": expected a number followed by w, d, h, m or s`);
  if (/^\d+$/.test(t)) return checkedMs(Number(t) * SECOND, t);
  if (!/^(\d+[wdhms])+$/i.test(t)) return bad;
  let ms = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([wdhms])/gi)) ms += Number(n) * INTERVAL_UNITS[unit.toLowerCase()];
  return checkedMs(ms, t);
}

function checkedMs(ms: number, t: string): Parsed<number> {
  return Number.isSafeInteger(ms) ? ok(ms) : fail(`time interval "${t}" is too large`);
}

/** Splits `a, b,c` on commas; each item keeps its offset in `text`. Empty items are an error. */
export function splitList(text: string, separator = ","): Parsed<{ item: string; offset: number }[]> {
  const items: { item: string; offset: number }[] = [];
  let offset = 0;
  for (const raw of text.split(separator)) {
    const lead = raw.length - raw.trimStart().length;
    const item = raw.trim();
    if (item === "") return fail(`empty entry in the list "${text.trim()}"`, offset + lead);
    items.push({ item, offset: offset + lead });
    offset += raw.length + separator.length;
  }
  return ok(items);
}

/** Applies `parse` to every comma-separated item, pointing errors at the failing item. */
export function parseList<T>(text: string, parse: (item: string) => Parsed<T>): Parsed<T[]> {
  const split = splitList(text);
  if (!split.ok) return split;
  const values: T[] = [];
  for (const { item, offset } of split.value) {
    const r = parse(item);
    if (!r.ok) return fail(r.message, offset + (r.offset ?? 0));
    values.push(r.value);
  }
  return ok(values);
}

/** `retry-after 10m,20m,1h` */
export function parseIntervalList(text: string): Parsed<number[]> {
  return parseList(text, parseInterval);
}

/** `{ TIME-INTERVAL | never }` (`backoff-to-normal-after`, `notify-of-delay-every`): `never` is null. */
export function parseIntervalOrNever(text: string): Parsed<number | null> {
  if (text.trim().toLowerCase() === "never") return ok(null);
  const r = parseInterval(text);
  return r.ok ? r : fail(`${r.message}, or "never"`);
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * `25M`, `50k`, `1g`, `2T`; a bare number is bytes; `unlimited` is 0. Units are binary (1k = 1024 bytes),
 * case-insensitive.
 */
export function parseSize(text: string): Parsed<number> {
  const t = text.trim();
  if (t.toLowerCase() === "unlimited") return ok(0);
  const m = /^(\d+)([bkmgt])?$/i.exec(t);
  if (!m) return fail(`invalid size "${t}": expected a number optionally followed by b, k, m, g or t, or "unlimited"`);
  const bytes = Number(m[1]) * SIZE_UNITS[(m[2] ?? "b").toLowerCase()];
  return Number.isSafeInteger(bytes) ? ok(bytes) : fail(`size "${t}" is too large`);
}

const RATE_UNITS: Record<string, number> = {
  s: SECOND, sec: SECOND, m: MINUTE, min: MINUTE, h: HOUR, hr: HOUR, d: DAY, day: DAY,
};
const RATE_HINT = 'expected N/[M]unit with unit s, sec, m, min, h, hr, d or day (e.g. "100/h", "83/10m"), or "unlimited"';

function parseDenominator(t: string, slash: number): Parsed<number> {
  const m = /^(\d*)([a-z]+)$/i.exec(t.slice(slash + 1));
  const unit = m ? RATE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return fail(`invalid rate "${t}": ${RATE_HINT}`, slash + 1);
  const multiplier = m[1] === "" ? 1 : Number(m[1]);
  if (multiplier === 0) return fail(`invalid rate "${t}": the interval must not be 0`, slash + 1);
  return ok(multiplier * unit);
}

/** `100/h`, `83/10m`, `5/min`; `unlimited` and `0` mean no limit (null). Parsed now, used by shaping later. */
export function parseRate(text: string): Parsed<Rate | null> {
  const t = text.trim();
  if (t.toLowerCase() === "unlimited" || t === "0") return ok(null);
  const slash = t.indexOf("/");
  if (slash < 0 || !/^\d+$/.test(t.slice(0, slash))) return fail(`invalid rate "${t}": ${RATE_HINT}`);
  const count = Number(t.slice(0, slash));
  if (count === 0) return ok(null);
  const per = parseDenominator(t, slash);
  return per.ok ? ok({ count, perMs: per.value }) : per;
}

/** `12M/m`, `2g/10h`, `1T/7d` (sizes as in `parseSize`); `unlimited`/`0` are null. */
export function parseDataVolumeRate(text: string): Parsed<DataVolumeRate | null> {
  const t = text.trim();
  if (t.toLowerCase() === "unlimited" || t === "0") return ok(null);
  const slash = t.indexOf("/");
  const size = slash < 0 ? null : parseSize(t.slice(0, slash));
  if (!size || !size.ok || t.slice(0, slash).toLowerCase() === "unlimited") {
    return fail(`invalid data volume rate "${t}": expected SIZE/[M]unit, e.g. "12M/m" or "2g/10h"`);
  }
  if (size.value === 0) return ok(null);
  const per = parseDenominator(t, slash);
  return per.ok ? ok({ bytes: size.value, perMs: per.value }) : per;
}

/**
 * `max-cold-virtual-mta-msg 1/day,2/day,5/day` (UG5.0 §3.3.10.48): messages per day, one entry per
 * day; `N/d`, `N/day`, `N/1d` or a plain count N. Only daily rates are accepted: the counters are
 * per day, so `10/h` cannot be honoured and is an error rather than a silent conversion.
 */
export function parseDailyCounts(text: string): Parsed<number[]> {
  return parseList(text, (item) => {
    if (/^\d+$/.test(item)) return parseCount(item);
    const rate = parseRate(item);
    if (!rate.ok) return fail(`invalid daily limit "${item}": expected N/day (e.g. "1000/day") or a number`);
    if (/^unlimited$/i.test(item)) return fail(`invalid daily limit "${item}": the schedule needs a number per day (N/day; 0/day diverts nothing)`);
    if (rate.value === null) return ok(0);
    if (rate.value.perMs !== DAY) return fail(`invalid daily limit "${item}": the counters are per day, write N/day`);
    return ok(rate.value.count);
  });
}

/** `10%` or `0.1` (a number greater than 0 and at most 1; `100%` and `1` are 1). */
export function parseFraction(text: string): Parsed<number> {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(t);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value > 0 && value <= 1)) return fail(`invalid fraction "${t}": expected a number greater than 0 and at most 1, or a percentage (e.g. "0.1" or "10%")`);
  return ok(value);
}

/** `yes`/`no`/`true`/`false`, case-insensitive. */
export function parseBoolean(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (t === "yes" || t === "true") return ok(true);
  if (t === "no" || t === "false") return ok(false);
  return fail(`invalid boolean "${text.trim()}": expected yes, no, true or false`);
}

/** A non-negative integer; with `unlimited: true`, the word `unlimited` is accepted as 0. */
export function parseCount(text: string, opts: { unlimited?: boolean } = {}): Parsed<number> {
  const t = text.trim();
  if (opts.unlimited && t.toLowerCase() === "unlimited") return ok(0);
  if (!/^\d+$/.test(t)) {
    return fail(`invalid number "${t}": expected a whole number${opts.unlimited ? ' or "unlimited"' : ""}`);
  }
  const n = Number(t);
  return Number.isSafeInteger(n) ? ok(n) : fail(`number "${t}" is too large`);
}

export { parseCidr, parseIp, cidrContains, formatCidr, type Cidr, type IpAddress } from "./cidr";
export { parseDomainPattern, domainPatternMatches, normalizeDomain, type DomainPattern } from "./domain-pattern";

/**
 * IP addresses and CIDR ranges as PowerMTA writes them (`10/8`, `0/0`, `127.0.0.1`, `::1`,
 * `192.168.0.0/16`, `2001:db8::/32`). Addresses are held as bigints so IPv4 and IPv6 share one code
 * path. IPv4-mapped IPv6 (`::ffff:127.0.0.1`, what a dual-stack socket reports for an IPv4 peer) is
 * treated as the IPv4 address everywhere, so `<source 127.0.0.1>` matches it.
 */

import { isIPv6 } from "node:net";
import { fail, ok, type Parsed } from "./parsed";

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  /** Network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!isIPv6(text) || text.includes("%")) return null;
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const [left, right] = head.includes("::") ? head.split("::") : [head, null];
  const l = left ? left.split(":") : [];
  const r = right ? right.split(":") : [];
  const groups = right === null ? l : [...l, ...Array(8 - l.length - r.length).fill("0"), ...r];
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  return tailV4 === null ? value : (value & ~0xffffffffn) | tailV4;
}

/** An IPv4 or IPv6 address; IPv4-mapped IPv6 comes back as IPv4. Null when not an address. */
export function parseIp(text: string): IpAddress | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = BITS[family];
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

/** The network of `value` at `prefix` bits; used by the source index to look up one map per prefix. */
export function networkOf(family: 4 | 6, value: bigint, prefix: number): bigint {
  return value & mask(family, prefix);
}

/**
 * `10/8` (missing octets are zero), `0/0`, `1.2.3.4` (= /32), `::1` (= /128), `2001:db8::/32`.
 * Host bits are cleared (`10.1.2.3/8` is `10.0.0.0/8`). IPv6 ranges inside `::ffff:0:0/96` become IPv4.
 */
export function parseCidr(text: string): Parsed<Cidr> {
  const t = text.trim();
  const bad = (why: string) => fail<Cidr>(`invalid CIDR "${t}": ${why}`);
  const slash = t.indexOf("/");
  const addr = slash < 0 ? t : t.slice(0, slash);
  const prefixText = slash < 0 ? null : t.slice(slash + 1);
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return bad("the prefix length must be a number");
  if (addr.includes(":")) {
    const v6 = parseIpv6(addr);
    if (v6 === null) return bad("not an IPv6 address");
    const prefix = prefixText === null ? 128 : Number(prefixText);
    if (prefix > 128) return bad("an IPv6 prefix length is at most 128");
    if (prefix >= 96 && (v6 >> 32n) === 0xffffn) {
      return ok({ family: 4, network: networkOf(4, v6 & 0xffffffffn, prefix - 96), prefix: prefix - 96 });
    }
    return ok({ family: 6, network: networkOf(6, v6, prefix), prefix });
  }
  const octets = addr.split(".");
  if (prefixText === null && octets.length !== 4) return bad("expected a full IPv4 address or ADDRESS/PREFIX");
  if (octets.length > 4) return bad("an IPv4 address has four parts");
  const v4 = parseIpv4([...octets, "0", "0", "0"].slice(0, 4).join("."));
  if (v4 === null || octets.some((o) => o === "")) return bad("not an IPv4 address");
  const prefix = prefixText === null ? 32 : Number(prefixText);
  if (prefix > 32) return bad("an IPv4 prefix length is at most 32");
  return ok({ family: 4, network: networkOf(4, v4, prefix), prefix });
}

/** True when `ip` is inside `cidr`. Invalid input never matches. IPv4-mapped IPv6 matches IPv4 rules. */
export function cidrContains(cidr: Cidr | string, ip: string): boolean {
  const range = typeof cidr === "string" ? parseCidr(cidr) : ok(cidr);
  const addr = parseIp(ip);
  if (!range.ok || !addr || addr.family !== range.value.family) return false;
  return networkOf(addr.family, addr.value, range.value.prefix) === range.value.network;
}

/** Canonical text: `10.0.0.0/8`, `2001:db8::/32`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/** Canonical text of an address (RFC 5952 for IPv6: lower case, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.len).join(":")}`;
}

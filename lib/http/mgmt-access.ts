/**
 * `http-access CIDR LEVEL`: the level of a client address, first matching line wins, no match: none
 * (PowerMTA, UG5.0 §3.3.1.36). IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) count as IPv4.
 */

import net from "node:net";
import type { HttpAccessLevel, HttpMgmtConfig } from "@/mta/index";

function normalize(ip: string): { ip: string; family: "ipv4" | "ipv6" } | null {
  const bare = ip.startsWith("::ffff:") && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (net.isIPv4(bare)) return { ip: bare, family: "ipv4" };
  if (net.isIPv6(bare)) return { ip: bare, family: "ipv6" };
  return null;
}

export function accessLevelOf(access: HttpMgmtConfig["access"], ip: string): HttpAccessLevel {
  const client = normalize(ip);
  if (!client) return "none";
  for (const rule of access) {
    const [addr, bits] = rule.cidr.split("/");
    const net_ = normalize(addr);
    if (!net_ || net_.family !== client.family) continue;
    const prefix = bits === undefined ? (net_.family === "ipv4" ? 32 : 128) : Number(bits);
    const list = new net.BlockList();
    list.addSubnet(net_.ip, prefix, net_.family);
    if (list.check(client.ip, client.family)) return rule.level;
  }
  return "none";
}

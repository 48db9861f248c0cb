/**
 * Forward-confirmed reverse DNS of one source address: its PTR names include the HELO name, and the
 * HELO name resolves back to the address. Mailbox providers refuse or junk mail from addresses
 * without it.
 */

import { isIPv6 } from "node:net";
import { lookup, sameName, type HealthResolver } from "./resolver";
import type { HealthCheck, RecordToPublish } from "./types";

const TITLE = "Forward-confirmed reverse DNS";

/** The PTR owner name of an address: 1.2.0.192.in-addr.arpa, or the nibble form for IPv6. */
export function reverseName(ip: string): string {
  if (!isIPv6(ip)) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  const halves = ip.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length > 1 ? groups(halves[1]) : [];
  const full = [...head, ...Array(8 - head.length - tail.length).fill("0"), ...tail];
  const hex = full.map((g) => g.padStart(4, "0")).join("");
  return `${hex.split("").reverse().join(".")}.ip6.arpa`;
}

export async function checkFcrdns(ip: string, helo: string, resolver: HealthResolver, timeoutMs: number): Promise<HealthCheck> {
  const ptrFix: RecordToPublish = { name: reverseName(ip), type: "PTR", value: `${helo}.` };
  const addrType = isIPv6(ip) ? "AAAA" : "A";
  const addrFix: RecordToPublish = { name: helo, type: addrType, value: ip };
  const ptr = await lookup(`PTR of ${ip}`, () => resolver.reverse(ip), timeoutMs);
  if (ptr.kind === "error") return { kind: "fcrdns", title: TITLE, status: "warn", found: ptr.message, detail: "The reverse lookup failed; try again later." };
  if (ptr.kind === "none") {
    return {
      kind: "fcrdns",
      title: TITLE,
      status: "fail",
      found: `${ip} has no PTR record`,
      detail: `Ask the owner of ${ip} (your hosting provider) to set its PTR to ${helo}.`,
      publish: [ptrFix],
    };
  }
  const names = ptr.records;
  if (!names.some((n) => sameName(n, helo))) {
    return {
      kind: "fcrdns",
      title: TITLE,
      status: "fail",
      found: `PTR of ${ip}: ${names.join(", ")}`,
      detail: `The HELO name ${helo} is not a PTR name of ${ip}: set the PTR to ${helo}, or use ${names[0]} as the HELO name (smtp-source-host ${ip} ${names[0]}).`,
      publish: [ptrFix],
    };
  }
  const forward = await lookup(`${addrType} of ${helo}`, () => (addrType === "A" ? resolver.resolve4(helo) : resolver.resolve6(helo)), timeoutMs);
  if (forward.kind === "error") return { kind: "fcrdns", title: TITLE, status: "warn", found: forward.message, detail: "The forward lookup failed; try again later." };
  const addrs = forward.kind === "found" ? forward.records : [];
  const same = addrs.some((a) => a.toLowerCase() === ip.toLowerCase());
  if (!same) {
    return {
      kind: "fcrdns",
      title: TITLE,
      status: "fail",
      found: `PTR of ${ip}: ${names.join(", ")}; ${addrType} of ${helo}: ${addrs.length ? addrs.join(", ") : "none"}`,
      detail: `${helo} does not resolve back to ${ip}: add the ${addrType} record.`,
      publish: [addrFix],
    };
  }
  return { kind: "fcrdns", title: TITLE, status: "pass", found: `PTR of ${ip}: ${helo}; ${addrType} of ${helo}: ${addrs.join(", ")}`, detail: "Forward-confirmed." };
}

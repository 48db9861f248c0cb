/**
 * The address of `smtp-listener ADDRESS:PORT [source=NAME]` (UG5.0 §3.3.1.20). ADDRESS is an IPv4 address, `0/0` or
 * `0.0.0.0` (all local IPv4 addresses), or an IPv6 address in brackets (`[::1]:25`, `[::]:25`).
 * PowerMTA also accepts a CIDR range meaning "every local address in it"; Hermod does not bind ranges
 * yet, so the caller reports those as a warning.
 */

import { formatIp, parseCidr, parseIp } from "./cidr";
import { fail, ok, type Parsed } from "./parsed";
import { parsePort } from "./smtp-hosts";

export type ListenAddress =
  | { kind: "address"; host: string; port: number }
  | { kind: "range"; cidr: string; port: number };

/** `1.2.3.4:25`, `[::1]:25`, `0/0:25`. */
export function parseListenAddress(text: string): Parsed<ListenAddress> {
  const t = text.trim();
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(t);
  let addrText: string;
  let portText: string;
  let portOffset: number;
  if (v6) {
    [, addrText, portText] = v6;
    portOffset = addrText.length + 3;
    const ip = parseIp(addrText);
    if (!ip) return fail(`invalid listener address "${t}": "${addrText}" is not an IP address`, 1);
    const port = parsePort(portText);
    if (!port.ok) return fail(port.message, portOffset);
    return ok({ kind: "address", host: formatIp(ip), port: port.value });
  }
  const colon = t.lastIndexOf(":");
  if (colon < 0) return fail(`invalid listener "${t}": expected ADDRESS:PORT, e.g. 127.0.0.1:2525 or [::1]:2525`);
  addrText = t.slice(0, colon);
  portText = t.slice(colon + 1);
  portOffset = colon + 1;
  if (addrText.includes(":")) {
    return fail(`invalid listener "${t}": write IPv6 addresses in brackets, e.g. [::1]:25`);
  }
  const port = parsePort(portText);
  if (!port.ok) return fail(port.message, portOffset);
  const ip = parseIp(addrText);
  if (ip) return ok({ kind: "address", host: formatIp(ip), port: port.value });
  const cidr = parseCidr(addrText);
  if (!cidr.ok) return fail(`invalid listener address "${addrText}": expected an IP address or CIDR`);
  if (cidr.value.prefix === 0) {
    return ok({ kind: "address", host: cidr.value.family === 4 ? "0.0.0.0" : "::", port: port.value });
  }
  return ok({ kind: "range", cidr: addrText, port: port.value });
}

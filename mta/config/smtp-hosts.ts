/**
 * `smtp-hosts` grammar (UG5.0 §3.3.10.89): `h1, h2; [10.1.1.1]:2525; last`. Commas separate hosts of
 * the same preference (used round-robin), semicolons separate preference levels (tried in order).
 * A host is a name (`mx.example.com`, `mx.example.com:2525`), an IPv4 literal (`[1.2.3.4]`,
 * `[1.2.3.4]:2600`) or an IPv6 literal (`[IPv6:::1]:25`). `lookup-mx:domain` (route via another
 * domain's MX) is recognised but not supported yet; the caller turns it into a warning.
 */

import { formatIp, parseIp } from "./cidr";
import { normalizeDomain } from "./domain-pattern";
import { fail, ok, type Parsed } from "./parsed";
import type { SmtpHost } from "./types";
import { splitList } from "./units";

export type SmtpHostsValue = { kind: "hosts"; levels: SmtpHost[][] } | { kind: "lookup-mx"; offset: number };

export function parsePort(text: string): Parsed<number> {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    return fail(`invalid port "${text}": expected a number from 1 to 65535`);
  }
  return ok(Number(text));
}

function withPort(host: SmtpHost, portText: string | undefined, offset: number): Parsed<SmtpHost> {
  if (portText === undefined) return ok(host);
  const port = parsePort(portText);
  return port.ok ? ok({ ...host, port: port.value }) : fail(port.message, offset);
}

/** One entry; `lookup-mx:` entries come back as null so the caller can report them. */
export function parseSmtpHost(entry: string): Parsed<SmtpHost | null> {
  if (/^lookup-mx:/i.test(entry)) return ok(null);
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
  if (bracket) {
    const inner = bracket[1];
    const v6 = /^ipv6:/i.test(inner);
    const ip = parseIp(v6 ? inner.slice(5) : inner);
    if (!ip || (v6 ? inner.slice(5).indexOf(":") < 0 : ip.family !== 4)) {
      return fail(`invalid address literal "${entry}": expected [a.b.c.d] or [IPv6:address]`);
    }
    return withPort({ host: formatIp(ip), literal: true }, bracket[2], inner.length + 3);
  }
  const bareIp = parseIp(entry);
  if (bareIp) return ok({ host: formatIp(bareIp), literal: true });
  const colon = entry.lastIndexOf(":");
  const name = colon < 0 ? entry : entry.slice(0, colon);
  const host = normalizeDomain(name);
  if (host === null) return fail(`invalid host "${entry}": expected a host name, [a.b.c.d] or [IPv6:address], optionally followed by :PORT`);
  return withPort({ host, literal: false }, colon < 0 ? undefined : entry.slice(colon + 1), colon + 1);
}

/** The whole value; errors carry the offset of the failing entry. An empty value is an error here. */
export function parseSmtpHosts(text: string): Parsed<SmtpHostsValue> {
  const levels: SmtpHost[][] = [];
  const levelSplit = splitList(text, ";");
  if (!levelSplit.ok) return fail(levelSplit.message.replace("list", "smtp-hosts value"), levelSplit.offset);
  for (const level of levelSplit.value) {
    const hosts = splitList(level.item, ",");
    if (!hosts.ok) return fail(hosts.message, level.offset + (hosts.offset ?? 0));
    const parsed: SmtpHost[] = [];
    for (const { item, offset } of hosts.value) {
      const host = parseSmtpHost(item);
      const at = level.offset + offset;
      if (!host.ok) return fail(host.message, at + (host.offset ?? 0));
      if (host.value === null) return ok({ kind: "lookup-mx", offset: at });
      parsed.push(host.value);
    }
    levels.push(parsed);
  }
  return ok({ kind: "hosts", levels });
}

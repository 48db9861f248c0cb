/**
 * The DKIM identity of a message (`dkim-identity`, UG5.0 §3.3.10.21): its domain picks the key and,
 * for a `*` key, becomes `d=`. Default: the From header's address; `sender-or-from`: the Sender
 * header's when present, else From; a configured `@DOMAIN` or `USER@DOMAIN` is used as is.
 */

import { domainToASCII } from "node:url";

/** Header field names (lower-cased) → first value, unfolded; only From and Sender are needed. */
export type HeaderLookup = (name: "from" | "sender") => string | undefined;

/** The identity's address (`user@domain` or `@domain`), or null when the message has no usable one. */
export function dkimIdentity(setting: string | undefined, header: HeaderLookup): string | null {
  if (setting && setting !== "sender-or-from") return setting;
  const fromSender = setting === "sender-or-from" ? addressIn(header("sender")) : null;
  return fromSender ?? addressIn(header("from"));
}

/** The lower-cased ASCII domain of an identity (`user@Example.COM` → `example.com`). */
export function identityDomain(identity: string): string {
  const domain = identity.slice(identity.lastIndexOf("@") + 1).toLowerCase();
  return /[^\x00-\x7f]/.test(domain) ? domainToASCII(domain) || domain : domain;
}

/**
 * The first mailbox of an address header (`Name <user@example.com>`, `user@example.com`, with
 * comments and quoted display names), or null.
 */
export function addressIn(value: string | undefined): string | null {
  if (!value) return null;
  const angle = /<\s*([^<>\s]+@[^<>\s]+?)\s*>/.exec(value);
  if (angle) return angle[1];
  const bare = value.replace(/"(?:[^"\\]|\\.)*"/g, "").replace(/\((?:[^()\\]|\\.)*\)/g, "");
  const m = /([^\s,;:<>"]+@[^\s,;:<>"]+)/.exec(bare);
  return m ? m[1] : null;
}

/**
 * The header section's From and Sender values from the start of a message (CRLF or LF lines, folded
 * lines unfolded). Stops at the blank line that ends the header.
 */
export function readHeaders(head: string): HeaderLookup {
  const end = head.search(/\r?\n\r?\n/);
  const section = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]/g, " ");
  const found = new Map<string, string>();
  for (const line of section.split(/\r?\n/)) {
    const m = /^([!-9;-~]+)[ \t]*:(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1].toLowerCase();
    if ((name === "from" || name === "sender") && !found.has(name)) found.set(name, m[2].trim());
  }
  return (name) => found.get(name);
}

/**
 * `allowed-mail-from` (Hermod): the envelope senders an authenticated user may use. `example.com`
 * allows that domain only, `*.example.com` its subdomains only (list both for both). The null sender
 * `<>` is refused when the list is set: a user's mail must bounce to an address the user owns, which
 * is also what keeps Hermod from aiming bounces at third parties (reliability.md §4, P11).
 */

import { toALabel } from "./session-policy";

/** True when `address` (as given in MAIL FROM) is in one of the `allowed` domains (lower-case A-labels). */
export function senderAllowed(allowed: readonly string[], address: string): boolean {
  const normalized = address === "" ? null : toALabel(address);
  if (!normalized) return false;
  const domain = normalized.slice(normalized.lastIndexOf("@") + 1).replace(/\.$/, "");
  return allowed.some((entry) => (entry.startsWith("*.") ? domain.endsWith(entry.slice(1)) : domain === entry));
}

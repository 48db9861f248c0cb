/**
 * RFC 8601 §5: a border MTA removes `Authentication-Results` fields that claim to come from its own
 * authserv-id before adding its own, so nothing downstream trusts results we never produced.
 */

import { removeFieldsWhere } from "../smtp-in/header-fields";

/** The authserv-id an Authentication-Results value starts with (RFC 8601 §2.2), lower-cased; "" if none. */
export function authservIdOf(value: string): string {
  let rest = value.trimStart();
  // Leading comments (CFWS), possibly nested.
  while (rest.startsWith("(")) {
    let depth = 0;
    let i = 0;
    for (; i < rest.length; i++) {
      if (rest[i] === "\\") i++;
      else if (rest[i] === "(") depth++;
      else if (rest[i] === ")" && --depth === 0) break;
    }
    rest = rest.slice(i + 1).trimStart();
  }
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    return (end < 0 ? rest.slice(1) : rest.slice(1, end)).toLowerCase();
  }
  return (/^[^\s;(]*/.exec(rest)?.[0] ?? "").toLowerCase();
}

/** The header section without Authentication-Results fields carrying `hostName` as their authserv-id. */
export function removeForgedResults(section: string, hostName: string): string {
  const ours = hostName.toLowerCase();
  return removeFieldsWhere(section, (name, value) => name === "authentication-results" && authservIdOf(value) === ours);
}

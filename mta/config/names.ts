/**
 * Names that blocks give themselves and other blocks refer to: VirtualMTAs and pools (one namespace,
 * compared lower-cased), pattern lists and named sources (as written), header names.
 */

import { fail, ok, type Parsed } from "./parsed";

/** `mta1`, `gmail.com-pool`, `discard_mta`: what PowerMTA configs use for VirtualMTA and pool names. */
const VMTA_NAME = /^[A-Za-z0-9_.-]+$/;

/** `<pattern-list NAME>`, `<source NAME>` (incl. the reserved `{auth}` …), `<smtp-user NAME>`. */
const BLOCK_NAME = /^(\{[A-Za-z0-9_.-]+\}|[A-Za-z0-9_.@+-]+)$/;

/** RFC 5322 field name: printable ASCII except the colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** A VirtualMTA or pool name, lower-cased (`default-virtual-mta`, `virtual-mta=`, pool members). */
export function parseVirtualMtaName(text: string): Parsed<string> {
  const t = text.trim();
  if (!VMTA_NAME.test(t)) return fail(`invalid VirtualMTA name "${t}": use letters, digits, ".", "_" and "-"`);
  return ok(t.toLowerCase());
}

/** The name of a block another block refers to, kept as written. */
export function parseBlockName(text: string, what: string): Parsed<string> {
  const t = text.trim();
  return BLOCK_NAME.test(t) ? ok(t) : fail(`invalid ${what} name "${t}": expected one word`);
}

/** A header name, kept as written (header names compare case-insensitively). */
export function parseHeaderName(text: string): Parsed<string> {
  const t = text.trim().replace(/:$/, "");
  return HEADER_NAME.test(t) ? ok(t) : fail(`invalid header name "${text.trim()}": expected a name such as X-Job`);
}

/**
 * `dkim-sign` and `dkim-identity` in `<domain>` (UG5.0 §3.3.10.19, §3.3.10.21): whether this
 * destination's mail is signed, and whose domain picks the key (mta/dkim/identity.ts).
 */

import type { DirectiveHandler } from "./directive-value";
import { normalizeDomain } from "./domain-pattern";
import type { DomainSettings } from "./types";

/** `dkim-sign yes|no`; `if-x-dkim-options-present` needs X-DKIM-Options processing, which Hermod does not do yet. */
const dkimSign: DirectiveHandler<DomainSettings> = (d, out, diags) => {
  const v = d.value.toLowerCase();
  if (v === "yes" || v === "true") out.dkimSign = true;
  else if (v === "no" || v === "false") out.dkimSign = false;
  else if (v === "if-x-dkim-options-present") {
    diags.warning(d.valueLoc, "dkim-sign if-x-dkim-options-present is not acted on yet (Hermod does not read X-DKIM-Options); ignored");
  } else diags.error(d.valueLoc, `dkim-sign takes yes, no or if-x-dkim-options-present (got "${d.value}")`);
};

/** `dkim-identity sender-or-from | @DOMAIN | DOMAIN | USER@DOMAIN`, stored as `sender-or-from`, `@domain` or `user@domain`. */
const dkimIdentity: DirectiveHandler<DomainSettings> = (d, out, diags) => {
  const v = d.value.trim();
  if (v.toLowerCase() === "sender-or-from") {
    out.dkimIdentity = "sender-or-from";
    return;
  }
  const at = v.lastIndexOf("@");
  const local = at < 0 ? "" : v.slice(0, at);
  const domain = normalizeDomain(at < 0 ? v : v.slice(at + 1));
  if (!domain || /\s/.test(v) || /[\s@]/.test(local) || !domain.includes(".")) {
    diags.error(d.valueLoc, `dkim-identity takes sender-or-from, DOMAIN, @DOMAIN or USER@DOMAIN (got "${d.value}")`);
    return;
  }
  out.dkimIdentity = `${local}@${domain}`;
};

export const DKIM_DOMAIN_DIRECTIVES: Readonly<Record<string, DirectiveHandler<DomainSettings>>> = {
  "dkim-sign": dkimSign,
  "dkim-identity": dkimIdentity,
};

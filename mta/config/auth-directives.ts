/**
 * Outbound SMTP AUTH towards smarthosts (UG5.0 §3.3.10.53-56, powermta.md §1.10): the `<domain>`
 * directives `auth-username`, `auth-password` and `use-unencrypted-plain-auth`, and the Hermod extension
 * `auth-oauth2-token` (a static OAuth 2.0 bearer token sent with SASL XOAUTH2, for providers that have
 * retired basic auth; PowerMTA has no name for it). Hermod does not refresh the token: when it expires the
 * host refuses AUTH, the mail is deferred, and the operator puts a new token in the config.
 *
 * Whether a username comes with a secret is checked on the effective settings at delivery
 * (mta/delivery/outbound-auth.ts), since `<domain *>` may set the password and a narrower block the user.
 */

import { readValue, setting, type DirectiveHandler } from "./directive-value";
import { fail, ok, type Parsed } from "./parsed";
import { fromParser } from "./schema";
import type { DomainSettings } from "./types";
import { parseBoolean } from "./units";

type Handler = DirectiveHandler<DomainSettings>;

/** One word without control characters or spaces (SASL PLAIN separates fields with NUL). */
function credential(what: string) {
  return fromParser((text: string): Parsed<string> => {
    const t = text.trim();
    if (t === "") return fail(`${what} must not be empty`);
    if (/[\s\x00-\x1f\x7f]/.test(t)) return fail(`${what} must be one word without spaces or control characters`);
    return ok(t);
  });
}

/** `""` clears a secret inherited from a broader `<domain>` block. */
function clearable(key: "authUsername" | "authPassword" | "authOauth2Token", what: string): Handler {
  const schema = credential(what);
  return (d, out, diags) => {
    if (d.value === "" && d.quoted) {
      out[key] = "";
      return;
    }
    const r = readValue(d, schema, diags);
    if (r) out[key] = r.value;
  };
}

export const OUTBOUND_AUTH_DIRECTIVES: Readonly<Record<string, Handler>> = {
  "auth-username": clearable("authUsername", "auth-username"),
  "auth-password": clearable("authPassword", "auth-password"),
  "auth-oauth2-token": clearable("authOauth2Token", "auth-oauth2-token"),
  "use-unencrypted-plain-auth": setting("useUnencryptedPlainAuth", fromParser(parseBoolean)),
};

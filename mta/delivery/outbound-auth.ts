/**
 * SMTP AUTH towards a smarthost (`auth-username` with `auth-password` or `auth-oauth2-token`, see
 * mta/config/auth-directives.ts), run by SmtpSession right after EHLO/STARTTLS.
 *
 * - Credentials go out only over TLS, unless `use-unencrypted-plain-auth yes`: otherwise the session is
 *   closed before AUTH and the mail deferred with 4.7.0, so a password never crosses the wire in clear.
 * - A refused AUTH (e.g. `535 5.7.8`) defers the mail (4.7.8) with the host's reply in the reason, instead
 *   of bouncing it: a wrong password is the operator's to fix, not the recipient's fault.
 * - XOAUTH2 sends the configured bearer token as is. Hermod does not refresh it: when the host refuses it,
 *   AUTH fails like a wrong password until the config carries a new token.
 */

import type { DomainSettings } from "../config/types";

export type OutboundAuth =
  | { method: "password"; user: string; pass: string; allowPlaintext: boolean }
  | { method: "xoauth2"; user: string; token: string; allowPlaintext: boolean };

/** A failure of the AUTH step: local (no `response`), so the dispatcher defers with `status`. */
export type AuthError = Error & { code: "EAUTH"; status: string };

export function authError(status: string, message: string): AuthError {
  return Object.assign(new Error(message), { code: "EAUTH" as const, status });
}

/**
 * The credentials a queue's settings ask for: null when no `auth-username` is set. A username without
 * a secret is a config mistake reported at delivery (the mail is deferred, not sent unauthenticated).
 */
export function outboundAuthOf(settings: DomainSettings): OutboundAuth | AuthError | null {
  const user = settings.authUsername;
  if (!user) return null;
  const allowPlaintext = settings.useUnencryptedPlainAuth === true;
  if (settings.authOauth2Token) return { method: "xoauth2", user, token: settings.authOauth2Token, allowPlaintext };
  if (settings.authPassword) return { method: "password", user, pass: settings.authPassword, allowPlaintext };
  return authError("4.7.0", `auth-username ${user} is set without auth-password or auth-oauth2-token; not sending unauthenticated`);
}

/** The SASL XOAUTH2 initial response (RFC 7628-style, as Google and Microsoft define it), base64. */
export function xoauth2Response(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, "utf8").toString("base64");
}

/**
 * The `auth` argument for nodemailer's SMTPConnection.login: user/pass (it picks PLAIN, LOGIN or
 * CRAM-MD5 from the host's EHLO in that order), or an oauth2 provider that hands out the static token
 * once and refuses a retry (nodemailer asks again after a 334 error challenge: there is nothing to refresh).
 */
export function loginArgument(auth: OutboundAuth): Record<string, unknown> {
  if (auth.method === "password") return { user: auth.user, pass: auth.pass };
  return {
    user: auth.user,
    method: "XOAUTH2",
    oauth2: {
      getToken: (isRetry: boolean, callback: (err: Error | null, token?: string) => void) =>
        isRetry ? callback(new Error("the auth-oauth2-token was refused and Hermod does not refresh tokens")) : callback(null, auth.token),
      buildXOAuth2Token: (token: string) => xoauth2Response(auth.user, token),
    },
  };
}

/**
 * `<smtp-user NAME>` (UG5.0 §3.3.8): an SMTP AUTH account. `password` is kept as written (PowerMTA
 * stores it in clear; a `#` cannot appear in it because it starts a comment); a `{bcrypt}$2b$…` value
 * is a bcrypt hash instead. `source NAME` names the `<source NAME>` whose settings apply once the user
 * has authenticated (PowerMTA's default is `<source {auth}>`). Hermod extensions: `allowed-mail-from`
 * (the domains the user may send as), `max-message-size` and `max-smtp-in-msg-rate` per user, and
 * `oauth2-token` (a static bearer token for AUTH XOAUTH2). `authentication-method` (default `password`)
 * and `tls-certificate` are not acted on yet.
 */

import type { BlockNode } from "./ast";
import { refer, type ConfigBuilder } from "./compile-blocks";
import { compileSettings } from "./compile-settings";
import { readValue, setting, type DirectiveHandler } from "./directive-value";
import { shift, where } from "./diagnostics";
import { normalizeDomain } from "./domain-pattern";
import { parseBlockName } from "./names";
import { fail, ok, type Parsed } from "./parsed";
import { fromParser, SETTING } from "./schema";
import type { SmtpUserConfig } from "./types";
import { parseList, parseRate, parseSize } from "./units";

type UserDraft = Omit<SmtpUserConfig, "name" | "origin">;

/** The prefix marking a bcrypt hash in `password`. */
export const BCRYPT_PREFIX = "{bcrypt}";
/** A bcrypt hash in modular crypt form: `$2a$`/`$2b$`/`$2y$`, cost 04–31, 53 characters of salt and hash. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

const password: DirectiveHandler<UserDraft> = (d, out, diags) => {
  if (d.value === "") return diags.error(d.loc, "password needs a value");
  if (d.value.startsWith(BCRYPT_PREFIX) && !BCRYPT_HASH.test(d.value.slice(BCRYPT_PREFIX.length))) {
    return diags.error(
      shift(d.valueLoc, BCRYPT_PREFIX.length),
      `password ${BCRYPT_PREFIX}…: not a bcrypt hash (expected $2b$COST$ followed by 53 characters, e.g. from bcrypt.hashSync(password, 11))`,
    );
  }
  out.password = d.value;
};

const source: DirectiveHandler<UserDraft> = (d, out, diags) => {
  const name = parseBlockName(d.value, "source");
  if (name.ok) out.source = name.value;
  else diags.error(d.valueLoc, d.value === "" ? "source needs the name of a <source NAME> block" : name.message);
};

/** `example.com` (that domain) or `*.example.com` (its subdomains); stored lower-case in A-label form. */
function parseSenderDomain(item: string): Parsed<string> {
  const wildcard = item.startsWith("*.");
  const domain = normalizeDomain(wildcard ? item.slice(2) : item);
  if (domain === null) {
    return fail(`invalid domain "${item}": expected a domain such as example.com or *.example.com`);
  }
  return ok(wildcard ? `*.${domain}` : domain);
}

const allowedMailFrom: DirectiveHandler<UserDraft> = (d, out, diags) => {
  const r = readValue(d, fromParser((t) => parseList(t, parseSenderDomain)), diags);
  if (r) out.allowedMailFrom = [...new Set([...(out.allowedMailFrom ?? []), ...r.value])];
};

const oauth2Token: DirectiveHandler<UserDraft> = (d, out, diags) => {
  if (d.value.trim() === "") return diags.error(d.loc, "oauth2-token needs a value");
  if (/\s/.test(d.value)) return diags.error(d.valueLoc, "oauth2-token must not contain spaces (a bearer token is one word)");
  out.oauth2Token = d.value;
};

const SMTP_USER_DIRECTIVES: Readonly<Record<string, DirectiveHandler<UserDraft>>> = {
  password,
  source,
  "allowed-mail-from": allowedMailFrom,
  "max-message-size": setting("maxMessageSize", fromParser(parseSize).pipe(SETTING.bytes)),
  "max-smtp-in-msg-rate": setting("maxSmtpInMsgRate", fromParser(parseRate)),
  "oauth2-token": oauth2Token,
};

/** `<smtp-user NAME>`; its `source` must name a `<source NAME>` block (checked in references.ts). */
export function compileSmtpUser(b: BlockNode, out: ConfigBuilder): void {
  const name = parseBlockName(b.arg, "smtp-user");
  const draft: UserDraft = {};
  const applied = compileSettings(b.children, draft, out.diags, {
    context: "smtp-user",
    table: SMTP_USER_DIRECTIVES,
    repeatable: new Set(["allowed-mail-from"]),
  });
  refer(out, "source", draft.source, applied.get("source"));
  if (!name.ok) {
    out.diags.error(b.argLoc, name.message);
    return;
  }
  const twin = out.smtpUsers.find((u) => u.name === name.value);
  if (twin) {
    out.diags.error(b.argLoc, `<smtp-user ${name.value}> is already defined at ${where(twin.origin)}`);
    return;
  }
  if (draft.password === undefined && draft.oauth2Token === undefined) {
    out.diags.warning(b.loc, `<smtp-user ${name.value}> has no password: it cannot authenticate`);
  }
  out.smtpUsers.push({ name: name.value, ...draft, origin: b.loc });
}

/**
 * `<smtp-user NAME>` (UG5.0 §3.3.8): an SMTP AUTH account. `password` is kept as written (PowerMTA
 * stores it in clear; a `#` cannot appear in it because it starts a comment), and `source NAME` names
 * the `<source NAME>` whose settings apply once the user has authenticated (PowerMTA's default is
 * `<source {auth}>`). `authentication-method` (default `password`) and `tls-certificate` are not acted
 * on yet.
 */

import type { BlockNode } from "./ast";
import { refer, type ConfigBuilder } from "./compile-blocks";
import { compileSettings } from "./compile-settings";
import { where } from "./diagnostics";
import type { DirectiveHandler } from "./directives";
import { parseBlockName } from "./names";
import type { SmtpUserConfig } from "./types";

type UserDraft = Pick<SmtpUserConfig, "password" | "source">;

const password: DirectiveHandler<UserDraft> = (d, out, diags) => {
  if (d.value === "") diags.error(d.loc, "password needs a value");
  else out.password = d.value;
};

const source: DirectiveHandler<UserDraft> = (d, out, diags) => {
  const name = parseBlockName(d.value, "source");
  if (name.ok) out.source = name.value;
  else diags.error(d.valueLoc, d.value === "" ? "source needs the name of a <source NAME> block" : name.message);
};

const SMTP_USER_DIRECTIVES: Readonly<Record<string, DirectiveHandler<UserDraft>>> = { password, source };

/** `<smtp-user NAME>`; its `source` must name a `<source NAME>` block (checked in references.ts). */
export function compileSmtpUser(b: BlockNode, out: ConfigBuilder): void {
  const name = parseBlockName(b.arg, "smtp-user");
  const draft: UserDraft = {};
  const applied = compileSettings(b.children, draft, out.diags, { context: "smtp-user", table: SMTP_USER_DIRECTIVES });
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
  if (draft.password === undefined) out.diags.warning(b.loc, `<smtp-user ${name.value}> has no password: it cannot authenticate`);
  out.smtpUsers.push({ name: name.value, ...draft, origin: b.loc });
}

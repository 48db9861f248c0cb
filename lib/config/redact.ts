/**
 * Masks secret values in config text and in diffs of it, for readers without `config.secrets.read`.
 * PowerMTA keeps these in clear in the file (smtp-user passwords, API keys, key passphrases). The
 * language is one directive per line, so masking works line by line, on any text, even a broken one.
 */

export const MASK = "********";

/** Directive → index of the first word that is secret (0: the whole value). */
const SECRET_WORDS: Readonly<Record<string, number>> = {
  password: 0,
  "auth-password": 0,
  "auth-oauth2-token": 0,
  "http-api-key": 0,
  "api-key": 0,
  "volume-audit-api-key": 0,
  "access-token": 0,
  /** `<smtp-user>`'s static XOAUTH2 bearer token (Hermod). */
  "oauth2-token": 0,
  // FILE [PASSWORD]: the file name is not secret, its passphrase is.
  "smtp-server-tls-certificate": 1,
  "tls-certificate": 1,
  "smtp-client-certificate": 1,
};

const DIRECTIVE = /^(\s*)([A-Za-z][A-Za-z0-9.*-]*)(\s+)([^#]*?)(\s*(?:#.*)?)$/;

/** The line with its secret words replaced by MASK; anything else unchanged. */
export function redactLine(line: string): string {
  const m = DIRECTIVE.exec(line);
  if (!m) return line;
  const [, indent, name, gap, value, rest] = m;
  const from = SECRET_WORDS[name.toLowerCase()];
  if (from === undefined || value === "") return line;
  const words = value.split(/\s+/);
  if (words.length <= from) return line;
  const masked = [...words.slice(0, from), MASK].join(" ");
  return `${indent}${name}${gap}${masked}${rest}`;
}

export function redactConfigText(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const cr = line.endsWith("\r");
      return redactLine(cr ? line.slice(0, -1) : line) + (cr ? "\r" : "");
    })
    .join("\n");
}

/** A unified diff with every content line (` `, `+`, `-`) masked like config text. */
export function redactDiff(diff: string): string {
  return diff
    .split("\n")
    .map((line) => (/^[ +-]/.test(line) && !/^(\+\+\+|---) /.test(line) ? line[0] + redactLine(line.slice(1)) : line))
    .join("\n");
}

/**
 * The config file as lines. Edits keep the file's own line endings (LF or CRLF) and its final newline,
 * so a change from the console shows up in a diff as exactly the lines it touched.
 */

import { createHash } from "node:crypto";

export interface ConfigLines {
  lines: string[];
  eol: "\n" | "\r\n";
  /** Whether the text ended with a line break. */
  finalEol: boolean;
}

export function splitLines(text: string): ConfigLines {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const finalEol = text === "" || text.endsWith("\n");
  const body = text.endsWith("\n") ? text.slice(0, text.endsWith("\r\n") ? -2 : -1) : text;
  return { lines: text === "" ? [] : body.split(/\r?\n/), eol, finalEol };
}

export function joinLines({ lines, eol, finalEol }: ConfigLines): string {
  if (lines.length === 0) return "";
  return lines.join(eol) + (finalEol ? eol : "");
}

/** Identifies a version of the text: the console sends it back so a change never overwrites one it has not seen. */
export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The indentation of a line ("" when none). */
export function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? "";
}

/** The trailing `# comment` of a line with its leading spaces, or "" (the language has no escapes for `#`). */
export function trailingComment(line: string): string {
  const hash = line.indexOf("#");
  if (hash < 0) return "";
  const start = line.slice(0, hash).search(/\s*$/);
  return line.slice(start);
}

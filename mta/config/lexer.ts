/**
 * Line lexer for the PowerMTA config language (UG5.0 §3.1): one directive or tag per line, `#` starts a
 * comment anywhere on the line (also after a directive or an opening tag). Like PowerMTA, a `#` inside a
 * quoted string still starts a comment; a literal `#` in a regex is written `\x23`.
 *
 * Columns are 1-based UTF-16 offsets, which is what browser editors use.
 */

import type { Word } from "./ast";
import { Diagnostics } from "./diagnostics";
import type { Diagnostic, SourceLocation } from "./types";

export type LexLine =
  | {
      kind: "directive";
      name: string;
      value: string;
      quoted: boolean;
      words: Word[];
      loc: SourceLocation;
      valueLoc: SourceLocation;
    }
  | { kind: "open"; tag: string; arg: string; loc: SourceLocation; argLoc: SourceLocation }
  | { kind: "close"; tag: string; loc: SourceLocation };

export interface LexResult {
  lines: LexLine[];
  diagnostics: Diagnostic[];
  /** Number of lines in the text (where a block left open ends). */
  lineCount: number;
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9-]*/;

/**
 * PowerMTA's one inline block (UG5.0 §3.3.14.3): a `<pattern-list>` entry may end by opening a
 * conditional, unnamed list (`mail-from /newsletter/ <pattern-list>` … `</pattern-list>`). Such a line
 * is lexed as the directive followed by the opening tag, so the parser sees an ordinary nested block.
 */
const TRAILING_PATTERN_LIST = /\s<pattern-list>$/i;

const present = (line: LexLine | null): LexLine[] => (line ? [line] : []);

export function lex(text: string, file: string): LexResult {
  const diags = new Diagnostics();
  const lines: LexLine[] = [];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = source.split("\n");
  for (let i = 0; i < rawLines.length; i++) {
    lines.push(...lexLine(rawLines[i].replace(/\r$/, ""), { file, line: i + 1, col: 1 }, diags));
  }
  return { lines, diagnostics: diags.list, lineCount: rawLines.length };
}

function lexLine(raw: string, lineLoc: SourceLocation, diags: Diagnostics): LexLine[] {
  const hash = raw.indexOf("#");
  const body = hash >= 0 ? raw.slice(0, hash) : raw;
  const start = body.search(/\S/);
  if (start < 0) return [];
  const content = body.trimEnd();
  const at = (offset: number): SourceLocation => ({ ...lineLoc, col: offset + 1 });
  if (content[start] === "<") return present(lexTag(content, start, at, diags));
  if (content[start] === "/") return present(lexRegexEntry(content, start, at, diags));
  const inline = TRAILING_PATTERN_LIST.exec(content);
  if (inline) {
    const tagAt = inline.index + 1;
    const directive = lexDirective(content.slice(0, inline.index), start, at, diags);
    const tag = { kind: "open", tag: "pattern-list", arg: "", loc: at(tagAt), argLoc: at(tagAt + inline[0].length - 2) } as const;
    return [...present(directive), tag];
  }
  return present(lexDirective(content, start, at, diags));
}

function lexTag(
  content: string,
  start: number,
  at: (offset: number) => SourceLocation,
  diags: Diagnostics,
): LexLine | null {
  const loc = at(start);
  if (!content.endsWith(">")) {
    diags.error(loc, `expected ">" at the end of the tag (a tag must be alone on its line)`);
    return null;
  }
  const closing = content[start + 1] === "/";
  const nameStart = start + (closing ? 2 : 1);
  const inner = content.slice(nameStart, content.length - 1);
  const name = TAG_NAME.exec(inner)?.[0];
  if (!name) {
    diags.error(loc, `expected a tag name after "${closing ? "</" : "<"}"`);
    return null;
  }
  const rest = inner.slice(name.length);
  if (closing) {
    if (rest.trim() !== "") {
      diags.error(at(nameStart + name.length), `unexpected text in closing tag </${name}>`);
    }
    return { kind: "close", tag: name.toLowerCase(), loc };
  }
  if (rest !== "" && !/^\s/.test(rest)) {
    diags.error(at(nameStart + name.length), `expected a space between the tag name and its argument`);
    return null;
  }
  const argOffset = rest.search(/\S/);
  let arg = rest.trim();
  let argCol = argOffset < 0 ? nameStart + name.length : nameStart + name.length + argOffset;
  const unquoted = unquoteWhole(arg);
  if (unquoted !== null) {
    arg = unquoted;
    argCol += 1;
  }
  return { kind: "open", tag: name.toLowerCase(), arg, loc, argLoc: at(argCol) };
}

function lexDirective(
  content: string,
  start: number,
  at: (offset: number) => SourceLocation,
  diags: Diagnostics,
): LexLine | null {
  const loc = at(start);
  const nameEnd = indexOfSpace(content, start);
  const name = content.slice(start, nameEnd);
  const valueStart = nameEnd + Math.max(0, content.slice(nameEnd).search(/\S/));
  const rawValue = nameEnd >= content.length ? "" : content.slice(valueStart);
  const words = splitWords(rawValue, valueStart, at, diags);
  if (words === null) return null;
  const unquoted = unquoteWhole(rawValue);
  const quoted = unquoted !== null;
  return {
    kind: "directive",
    name: name.toLowerCase(),
    value: quoted ? unquoted : rawValue,
    quoted,
    words,
    loc,
    valueLoc: at(rawValue === "" ? nameEnd : valueStart + (quoted ? 1 : 0)),
  };
}

/**
 * A line that starts with a regex is an entry of `<bounce-category-patterns>` (UG5.0 §10.8:
 * `/mailbox (is )?full/ quota-issues`). Its keyword is the whole `/REGEX/`, from the first slash to the
 * last one, as written: spaces inside the regex stay, and so does case, which matters after `(?-i)`.
 * The value is what follows. With no closing slash the line is lexed as usual and the compiler reports it.
 */
function lexRegexEntry(
  content: string,
  start: number,
  at: (offset: number) => SourceLocation,
  diags: Diagnostics,
): LexLine | null {
  const close = content.lastIndexOf("/");
  if (close === start) return lexDirective(content, start, at, diags);
  const lead = content.slice(close + 1).search(/\S/);
  const valueStart = lead < 0 ? content.length : close + 1 + lead;
  const value = content.slice(valueStart);
  const words = splitWords(value, valueStart, at, diags);
  if (words === null) return null;
  return { kind: "directive", name: content.slice(start, close + 1), value, quoted: false, words, loc: at(start), valueLoc: at(valueStart) };
}

/** `"…"` covering the whole text → its inside; anything else → null. */
function unquoteWhole(text: string): string | null {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"') && text.indexOf('"', 1) === text.length - 1) {
    return text.slice(1, -1);
  }
  return null;
}

function indexOfSpace(text: string, from: number): number {
  const i = text.slice(from).search(/\s/);
  return i < 0 ? text.length : from + i;
}

/** Whitespace-separated words; `"a b"` is one word. No escapes: Windows paths keep their backslashes. */
function splitWords(
  value: string,
  baseOffset: number,
  at: (offset: number) => SourceLocation,
  diags: Diagnostics,
): Word[] | null {
  const words: Word[] = [];
  let i = 0;
  while (i < value.length) {
    if (/\s/.test(value[i])) {
      i++;
      continue;
    }
    if (value[i] === '"') {
      const close = value.indexOf('"', i + 1);
      if (close < 0) {
        diags.error(at(baseOffset + i), `unterminated quoted string (a "#" inside quotes starts a comment)`);
        return null;
      }
      words.push({ text: value.slice(i + 1, close), col: baseOffset + i + 2, quoted: true });
      i = close + 1;
      continue;
    }
    const end = indexOfSpace(value, i);
    words.push({ text: value.slice(i, end), col: baseOffset + i + 1, quoted: false });
    i = end;
  }
  return words;
}

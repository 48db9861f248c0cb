/**
 * PowerMTA regexes (`/PATTERN/`, Perl-compatible) as JavaScript ones. PowerMTA matches them
 * case-insensitively unless the pattern starts with `(?-i)` (UG5.0 §3.3.15); JavaScript has no inline
 * flags, so Hermod adds the `i` flag, and for a leading `(?-i)` removes it from the source and leaves
 * the flag off. An inline flag anywhere else cannot be expressed and is an error.
 *
 * Without the `u` flag (which would reject PowerMTA's documented `\"`), JavaScript reads an unknown
 * escape as the letter itself: `\A` would silently match "A". The escapes PCRE gives a meaning to and
 * JavaScript does not are therefore errors, so a pattern never means something else than it says.
 */

import { fail, ok, type Parsed } from "./parsed";

export interface JsPattern {
  source: string;
  flags: string;
}

/** PCRE escapes JavaScript reads differently, with what to write instead where there is an equivalent. */
const PCRE_ONLY_ESCAPES: Readonly<Record<string, string>> = {
  A: "write ^ instead",
  Z: "write $ instead",
  z: "write $ instead",
  G: "",
  K: "",
  Q: "escape each character instead",
  E: "escape each character instead",
  h: "write [ \\t] instead",
  H: "write [^ \\t] instead",
  R: "write (?:\\r\\n|\\n|\\r) instead",
  X: "",
  a: "write \\x07 instead",
  e: "write \\x1b instead",
  p: "",
  P: "",
};

const LEADING_FLAG = /^\(\?(-?)i\)/;
const INLINE_FLAG = /\(\?[a-z]*-?[a-z]*\)/gi;

/**
 * Finds `/PATTERN/` in an entry's value: from the first `/` to the last one, so an unescaped `/` inside
 * the pattern (`/http://x/`) is fine; what follows the closing slash is returned as `rest`.
 */
export function splitRegex(text: string): Parsed<{ source: string; sourceOffset: number; rest: string; restOffset: number }> {
  const open = text.indexOf("/");
  const close = text.lastIndexOf("/");
  if (open < 0 || text.slice(0, open).trim() !== "") return fail(`expected /REGEX/, got "${text.trim()}"`);
  if (close === open) return fail("unterminated regular expression: expected a closing /", open);
  return ok({ source: text.slice(open + 1, close), sourceOffset: open + 1, rest: text.slice(close + 1), restOffset: close + 1 });
}

/** The JavaScript pattern for a PCRE `source`; errors carry the offset in `source` where they are. */
export function toJsPattern(pcre: string): Parsed<JsPattern> {
  const leading = LEADING_FLAG.exec(pcre);
  const source = leading ? pcre.slice(leading[0].length) : pcre;
  const shift = leading ? leading[0].length : 0;
  const flags = leading?.[1] === "-" ? "" : "i";
  for (const m of source.matchAll(INLINE_FLAG)) {
    if (isEscaped(source, m.index)) continue;
    return fail(`inline flags such as ${m[0]} are only supported as a leading (?-i) or (?i): JavaScript regexes have no inline flags`, shift + m.index);
  }
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== "\\") continue;
    const c = source[i + 1] ?? "";
    if (c in PCRE_ONLY_ESCAPES || (c === "x" && source[i + 2] === "{")) {
      const how = c === "x" ? "write \\xHH or \\uHHHH instead" : PCRE_ONLY_ESCAPES[c];
      const escape = c === "x" ? "\\x{…}" : `\\${c}`;
      return fail(`${escape} is a PCRE escape JavaScript regexes do not support${how ? `: ${how}` : ""}`, shift + i);
    }
    i++;
  }
  try {
    new RegExp(source, flags);
  } catch (e) {
    const why = String((e as Error).message).split(": ").pop();
    return fail(`invalid regular expression /${pcre}/: ${why}`);
  }
  return ok({ source, flags });
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

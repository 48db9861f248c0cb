/**
 * Text helpers for messages Hermod writes itself (DSNs). Their guarantee is wire safety: every line
 * they produce ends in CRLF, no line exceeds RFC 5322's 998 octets, and no input can smuggle a CR or LF
 * into a header (which would let a remote reply or an envelope address forge header fields).
 */

export const CRLF = "\r\n";

/** Longest unbreakable run we emit: RFC 5322 §2.1.1 allows 998 octets, minus room for a field name. */
const MAX_LINE = 900;
/** RFC 5322 §2.1.1 recommended limit for header and text lines. */
const SOFT_LINE = 78;

/**
 * One header-safe line: every control character (CR and LF included) becomes a space and runs of
 * whitespace collapse, so the value can never start a new field.
 */
export function headerValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * `headerValue`, then every non-ASCII character as RFC 6533 `\x{HEX}` so the text fits the US-ASCII
 * `message/delivery-status` body while staying reversible. A literal backslash is escaped the same way.
 */
export function asciiValue(value: string): string {
  let out = "";
  for (const ch of headerValue(value)) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp > 0x7e || ch === "\\" ? `\\x{${cp.toString(16).toUpperCase()}}` : ch;
  }
  return out;
}

/**
 * `Name: value` folded at whitespace to about 78 columns, ending in CRLF. A word too long to fold is
 * cut at 900 octets so the line limit holds even for a hostile single-token reply.
 */
export function headerField(name: string, value: string): string {
  const words = headerValue(value).split(" ").flatMap(splitLongWord);
  let line = `${name}:`;
  const lines: string[] = [];
  for (const word of words) {
    if (word === "") continue;
    if (line.length + 1 + word.length > SOFT_LINE && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join(CRLF) + CRLF;
}

/** Body text wrapped at whitespace to about 78 columns, every line CRLF-terminated. */
export function textBlock(text: string): string {
  const out: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    // eslint-disable-next-line no-control-regex
    const clean = paragraph.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
    let line = "";
    for (const word of clean.split(/(?<= )/).flatMap(splitLongWord)) {
      if (line.length + word.length > SOFT_LINE && line !== "") {
        out.push(line.trimEnd());
        line = "";
      }
      line += word;
    }
    out.push(line.trimEnd());
  }
  return out.join(CRLF) + CRLF;
}

function splitLongWord(word: string): string[] {
  if (word.length <= MAX_LINE) return [word];
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += MAX_LINE) parts.push(word.slice(i, i + MAX_LINE));
  return parts;
}

/** RFC 5322 date in UTC: `Fri, 08 Feb 2019 21:54:05 +0000`. */
export function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, "+0000");
}

/**
 * The bytes with every bare CR and bare LF turned into CRLF. Works on a whole buffer (never on a
 * chunk) so a CRLF split across two reads is not doubled.
 */
export function canonicalCrlf(data: Buffer): Buffer {
  let extra = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0x0d) {
      if (data[i + 1] === 0x0a) i++;
      else extra++;
    } else if (b === 0x0a) {
      extra++;
    }
  }
  if (extra === 0) return data;
  const out = Buffer.allocUnsafe(data.length + extra);
  let o = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0x0d || b === 0x0a) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      if (b === 0x0d && data[i + 1] === 0x0a) i++;
    } else {
      out[o++] = b;
    }
  }
  return out;
}

/** True when any byte is outside 7-bit ASCII (the part then needs `8bit` transfer encoding). */
export function hasEightBit(data: Buffer | string): boolean {
  if (typeof data === "string") return /[^\x00-\x7f]/.test(data);
  for (const b of data) if (b > 0x7f) return true;
  return false;
}

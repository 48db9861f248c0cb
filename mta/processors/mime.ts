/**
 * A small, bounded MIME walker for reports (ARF, JMRP, XARF, DSN). Reports come from outside and are
 * never trusted: depth, part count and header size are capped, a missing boundary or a truncated part
 * yields what was found, and nothing here throws on bad input. Header values and parameters are read
 * with libmime (RFC 2047 words, RFC 2231 continuations); transfer encodings are decoded here.
 */

import libmime from "libmime";

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value as written (encoded words not decoded). */
  value: string;
}

export interface MimePart {
  headers: HeaderField[];
  /** Lower-cased media type, `text/plain` when absent (RFC 2045 §5.2). */
  type: string;
  params: Record<string, string>;
  /** The body with its transfer encoding removed. */
  body: Buffer;
  /** Sub-parts of a multipart part. */
  parts: MimePart[];
  /** The enclosed message of a `message/rfc822` (or `message/global`) part. */
  message?: MimePart;
}

const MAX_DEPTH = 6;
const MAX_PARTS = 200;
const MAX_HEADER_BYTES = 256 * 1024;

/** Parses a whole message (or an enclosed one). */
export function parseMime(raw: Buffer): MimePart {
  return parsePart(raw, 0, { parts: 0 });
}

/** The first value of `name` (case-insensitive), encoded words decoded and whitespace collapsed. */
export function headerValue(part: Pick<MimePart, "headers">, name: string): string | undefined {
  const field = part.headers.find((h) => h.name === name.toLowerCase());
  return field === undefined ? undefined : decodeText(field.value);
}

/** Every value of `name`, decoded. */
export function headerValues(part: Pick<MimePart, "headers">, name: string): string[] {
  return part.headers.filter((h) => h.name === name.toLowerCase()).map((h) => decodeText(h.value));
}

/** Parses a header section (or a `message/delivery-status` / `message/feedback-report` field group). */
export function parseHeaders(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of text.slice(0, MAX_HEADER_BYTES).split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    fields.push({ name, value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/**
 * Splits a `message/delivery-status` body into its field groups (RFC 3464 §2.1: the per-message group,
 * then one group per recipient, separated by empty lines).
 */
export function fieldGroups(text: string): HeaderField[][] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => parseHeaders(block))
    .filter((g) => g.length > 0);
}

/** Walks a part and everything inside it, depth first. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const p of part.parts) yield* walk(p);
  if (part.message) yield* walk(part.message);
}

function decodeText(value: string): string {
  let text = value;
  try {
    text = libmime.decodeWords(value);
  } catch {
    // A malformed encoded word stays as written.
  }
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

function parsePart(raw: Buffer, depth: number, count: { parts: number }): MimePart {
  count.parts++;
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const contentType = headers.find((h) => h.name === "content-type")?.value ?? "";
  let type = "text/plain";
  let params: Record<string, string> = {};
  if (contentType !== "") {
    try {
      const parsed = libmime.parseHeaderValue(contentType);
      type = String(parsed.value || "text/plain").toLowerCase().trim();
      params = parsed.params ?? {};
    } catch {
      // An unreadable Content-Type is text/plain (RFC 2045 §5.2).
    }
  }
  const encoding = (headers.find((h) => h.name === "content-transfer-encoding")?.value ?? "").toLowerCase().trim();
  const part: MimePart = { headers, type, params, body: decodeBody(body, encoding), parts: [] };
  if (depth >= MAX_DEPTH) return part;
  if (type.startsWith("multipart/") && params.boundary) {
    for (const piece of splitMultipart(part.body, params.boundary)) {
      if (count.parts >= MAX_PARTS) break;
      part.parts.push(parsePart(piece, depth + 1, count));
    }
  } else if (type === "message/rfc822" || type === "message/global") {
    part.message = parsePart(part.body, depth + 1, count);
  }
  return part;
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  // A part that starts with an empty line has no headers.
  if (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a)) return { head: "", body: raw.subarray(raw[0] === 0x0a ? 1 : 2) };
  let at = -1;
  let sep = 0;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) [at, sep] = [crlf, 4];
  else if (lf !== -1) [at, sep] = [lf, 2];
  if (at === -1) return { head: raw.toString("latin1"), body: Buffer.alloc(0) };
  return { head: raw.subarray(0, at).toString("utf8"), body: raw.subarray(at + sep) };
}

function decodeBody(body: Buffer, encoding: string): Buffer {
  if (encoding === "base64") return Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body.toString("latin1"));
  return body;
}

/** RFC 2045 §6.7: `=XX` octets and soft line breaks (`=` at a line's end). */
export function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=[ \t]*\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

/** The body parts between `--boundary` lines (RFC 2046 §5.1.1); preamble and epilogue are dropped. */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  const pieces: Buffer[] = [];
  let start = -1;
  let pos = 0;
  while (pos <= text.length) {
    const at = text.indexOf(delimiter, pos);
    if (at === -1) break;
    const lineStart = at === 0 || text[at - 1] === "\n";
    const after = text.slice(at + delimiter.length, at + delimiter.length + 2);
    if (!lineStart) {
      pos = at + delimiter.length;
      continue;
    }
    if (start !== -1) {
      // The CRLF before the delimiter belongs to the delimiter.
      let end = at;
      if (text[end - 1] === "\n") end--;
      if (text[end - 1] === "\r") end--;
      pieces.push(Buffer.from(text.slice(start, Math.max(start, end)), "latin1"));
    }
    if (after === "--") return pieces;
    const eol = text.indexOf("\n", at);
    if (eol === -1) break;
    start = eol + 1;
    pos = start;
  }
  // No closing delimiter: keep the last part as far as it goes.
  if (start !== -1 && start < text.length) pieces.push(Buffer.from(text.slice(start), "latin1"));
  return pieces;
}

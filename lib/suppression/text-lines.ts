/**
 * The lines of an uploaded text file, read from its byte stream one chunk at a time: memory stays at
 * one chunk plus one line, whatever the file's size. Refuses what is not text (a NUL byte, invalid
 * UTF-8) and stops at `maxBytes`.
 */

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** A line longer than this is not a suppression entry; the file is refused rather than buffered. */
const MAX_LINE_CHARS = 64 * 1024;

export async function* textLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let rest = "";
  let first = true;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new UploadError(413, `the file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`);
    if (chunk.includes(0)) throw new UploadError(400, "the file is not a text file (CSV or TXT): it contains binary data");
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new UploadError(400, "the file is not a text file (CSV or TXT): it is not valid UTF-8");
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    rest += text;
    let start = 0;
    for (let nl = rest.indexOf("\n"); nl >= 0; nl = rest.indexOf("\n", start)) {
      yield rest.slice(start, nl).replace(/\r$/, "");
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE_CHARS) throw new UploadError(400, `a line is longer than ${MAX_LINE_CHARS} characters: the file is not a list of addresses`);
  }
  try {
    rest += decoder.decode();
  } catch {
    throw new UploadError(400, "the file is not a text file (CSV or TXT): it is not valid UTF-8");
  }
  if (rest.replace(/\r$/, "") !== "") yield rest.replace(/\r$/, "");
}

import { describe, expect, it } from "vitest";
import { firstColumn, isHeaderLine, md5Hex, parseLine, sha256Hex } from "./parse-entry";
import { textLines, UploadError } from "./text-lines";

const H64 = sha256Hex("bob@example.com");
const H32 = md5Hex("bob@example.com");

describe("parseLine", () => {
  it("reads addresses, domains and hashes, lowercased", () => {
    expect(parseLine("Bob@Example.COM")).toEqual({ kind: "value", value: { kind: "address", value: "bob@example.com" } });
    expect(parseLine("example.com")).toEqual({ kind: "value", value: { kind: "domain", value: "example.com" } });
    expect(parseLine("@Example.com")).toEqual({ kind: "value", value: { kind: "domain", value: "example.com" } });
    expect(parseLine("bücher.de")).toEqual({ kind: "value", value: { kind: "domain", value: "xn--bcher-kva.de" } });
    expect(parseLine(H64.toUpperCase())).toEqual({ kind: "value", value: { kind: "sha256", value: H64 } });
    expect(parseLine(H32)).toEqual({ kind: "value", value: { kind: "md5", value: H32 } });
  });

  it("takes a CSV row's first column, quoted or not", () => {
    expect(firstColumn('"bob@example.com","Bob, Jr."')).toBe("bob@example.com");
    expect(parseLine("bob@example.com,Bob,2024-01-01")).toEqual({ kind: "value", value: { kind: "address", value: "bob@example.com" } });
    expect(parseLine("bob@example.com;x")).toMatchObject({ value: { kind: "address" } });
    expect(parseLine("bob@example.com\tx")).toMatchObject({ value: { kind: "address" } });
  });

  it("stores a plaintext address as its SHA-256 in a hash-only list, and leaves hashes alone", () => {
    expect(parseLine("Bob@example.com", true)).toEqual({ kind: "value", value: { kind: "sha256", value: H64 } });
    expect(parseLine(H32, true)).toEqual({ kind: "value", value: { kind: "md5", value: H32 } });
    expect(parseLine("example.com", true)).toEqual({ kind: "value", value: { kind: "domain", value: "example.com" } });
  });

  it("says why a row is malformed, and skips blank and comment lines", () => {
    expect(parseLine("not an address")).toEqual({ kind: "invalid", reason: "not an address, a domain, a SHA-256 or an MD5" });
    expect(parseLine("bob@")).toEqual({ kind: "invalid", reason: "not a valid email address" });
    expect(parseLine("a b@example.com")).toEqual({ kind: "invalid", reason: "not a valid email address" });
    expect(parseLine("@-bad-.com")).toEqual({ kind: "invalid", reason: "not a valid domain" });
    expect(parseLine("abc123")).toEqual({ kind: "invalid", reason: "hex value of 6 digits: a SHA-256 has 64, an MD5 32" });
    expect(parseLine("   ")).toEqual({ kind: "blank" });
    expect(parseLine("# comment")).toEqual({ kind: "blank" });
  });

  it("recognises header lines", () => {
    expect(isHeaderLine("email")).toBe(true);
    expect(isHeaderLine('"Email Address","Name"')).toBe(true);
    expect(isHeaderLine("sha256")).toBe(true);
    expect(isHeaderLine("bob@example.com")).toBe(false);
    expect(isHeaderLine("bob@")).toBe(false);
    expect(isHeaderLine(H64)).toBe(false);
  });
});

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === "string" ? new TextEncoder().encode(p) : p;
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe("textLines", () => {
  it("splits lines across chunk boundaries, CRLF or LF, without a BOM, keeping a last line without newline", async () => {
    const euro = new TextEncoder().encode("€"); // 3 bytes, split across chunks
    expect(await collect(textLines(chunks("\ufeffa@x.test\r\nb@", "y.test\nc", euro.slice(0, 1), euro.slice(1), "\nlast"), 1e6))).toEqual(["a@x.test", "b@y.test", "c€", "last"]);
  });

  it("refuses binary data, invalid UTF-8 and files over the cap", async () => {
    await expect(collect(textLines(chunks("a\n", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])), 1e6))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("not a text file") });
    await expect(collect(textLines(chunks(new Uint8Array([0xff, 0xfe, 0x41])), 1e6))).rejects.toBeInstanceOf(UploadError);
    await expect(collect(textLines(chunks("a".repeat(600), "b".repeat(600)), 1_000))).rejects.toMatchObject({ status: 413 });
  });
});

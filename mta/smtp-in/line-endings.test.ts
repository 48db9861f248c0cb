import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineEndingNormalizer } from "./line-endings";

function normalize(chunks: Buffer[]): { out: string; fixed: number } {
  const n = new LineEndingNormalizer();
  const parts = chunks.map((c) => n.push(c));
  parts.push(n.end());
  return { out: Buffer.concat(parts).toString("latin1"), fixed: n.fixed };
}

describe("LineEndingNormalizer", () => {
  it("leaves canonical content untouched", () => {
    expect(normalize([Buffer.from("a\r\nb\r\n")])).toEqual({ out: "a\r\nb\r\n", fixed: 0 });
  });

  it("rewrites bare LF and bare CR, including the smuggling sequences", () => {
    expect(normalize([Buffer.from("X\n.\nMAIL FROM:<s@v.test>\r\n")]).out).toBe("X\r\n.\r\nMAIL FROM:<s@v.test>\r\n");
    expect(normalize([Buffer.from("X\r.\rY")]).out).toBe("X\r\n.\r\nY");
    expect(normalize([Buffer.from("X\r\n.\nY")]).fixed).toBe(1);
  });

  it("keeps a CRLF split across chunks as one line ending", () => {
    expect(normalize([Buffer.from("a\r"), Buffer.from("\nb")])).toEqual({ out: "a\r\nb", fixed: 0 });
    expect(normalize([Buffer.from("a\r"), Buffer.from("b")])).toEqual({ out: "a\r\nb", fixed: 1 });
    expect(normalize([Buffer.from("a\r")])).toEqual({ out: "a\r\n", fixed: 1 });
  });

  it("never emits a bare CR or LF, however the input is chunked", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.map((b) => [10, 13, 46, 65][b % 4]))), { maxLength: 8 }), (chunks) => {
        const { out } = normalize(chunks);
        for (let i = 0; i < out.length; i++) {
          if (out[i] === "\r") expect(out[i + 1]).toBe("\n");
          if (out[i] === "\n") expect(out[i - 1]).toBe("\r");
        }
        // Content other than line endings is preserved in order.
        const strip = (s: string) => s.replace(/[\r\n]/g, "");
        expect(strip(out)).toBe(strip(Buffer.concat(chunks).toString("latin1")));
      }),
    );
  });
});

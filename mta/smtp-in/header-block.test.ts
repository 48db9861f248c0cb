import { describe, expect, it } from "vitest";
import { HeaderBlock } from "./header-block";

function collect(chunks: string[]): HeaderBlock {
  const h = new HeaderBlock();
  for (const c of chunks) h.push(Buffer.from(c, "latin1"));
  return h;
}

describe("HeaderBlock", () => {
  it("stops at the empty line, whatever the chunking", () => {
    const msg = "Received: a\r\nreceived:b\r\nSubject: x\r\n\r\nReceived: not a header\r\n";
    for (let cut = 1; cut < msg.length; cut++) {
      const h = collect([msg.slice(0, cut), msg.slice(cut)]);
      expect(h.text()).toBe("Received: a\r\nreceived:b\r\nSubject: x\r\n");
      expect(h.receivedCount()).toBe(2);
    }
  });

  it("counts a hundred hops", () => {
    const h = collect(["Received: x\r\n".repeat(100) + "\r\nbody"]);
    expect(h.receivedCount()).toBe(100);
  });

  it("does not count X-Received or folded continuation lines", () => {
    const h = collect(["X-Received: a\r\nSubject: b\r\n Received: folded\r\n\r\n"]);
    expect(h.receivedCount()).toBe(0);
  });
});

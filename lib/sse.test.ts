import { describe, expect, it, vi } from "vitest";
import { toEventStream } from "./sse";

vi.mock("server-only", () => ({}));

async function readChunks(res: Response, count: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let i = 0; i < count; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe("toEventStream", () => {
  it("sends values as data lines and unsubscribes when the client aborts", async () => {
    const abort = new AbortController();
    const unsubscribe = vi.fn();
    let push: (v: { n: number }) => void = () => {};
    const res = toEventStream<{ n: number }>({
      signal: abort.signal,
      subscribe: (send) => {
        push = send;
        send({ n: 1 });
        return unsubscribe;
      },
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    push({ n: 2 });
    const text = await readChunks(res, 3);
    expect(text).toBe('retry: 3000\n\ndata: {"n":1}\n\ndata: {"n":2}\n\n');
    abort.abort();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("sends heartbeats and closes when revalidation fails", async () => {
    vi.useFakeTimers();
    try {
      const unsubscribe = vi.fn();
      let allowed = true;
      const res = toEventStream({
        signal: new AbortController().signal,
        subscribe: () => unsubscribe,
        heartbeatMs: 1_000,
        revalidate: async () => allowed,
        revalidateMs: 5_000,
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await readChunks(res, 2)).toMatch(/^retry: 3000\n\n: heartbeat \d+\n\n$/);
      allowed = false;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(unsubscribe).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

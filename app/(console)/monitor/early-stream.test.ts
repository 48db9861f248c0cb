import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** Enough of the browser's EventSource to watch what the module does with it. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.(new Event("open"));
  }
  message(data: string) {
    this.onmessage?.(new MessageEvent("message", { data }));
  }
  error() {
    this.readyState = FakeEventSource.CONNECTING;
    this.onerror?.(new Event("error"));
  }
}

async function load(pathname: string) {
  vi.stubGlobal("window", { location: { pathname } });
  vi.resetModules();
  return import("./early-stream");
}

beforeEach(() => {
  FakeEventSource.made = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the monitor's early event stream", () => {
  it("opens when the module loads on /monitor and hands that stream, with what it heard, to the first taker", async () => {
    const { takeMonitorStream, STREAM_URL } = await load("/monitor");
    expect(FakeEventSource.made).toHaveLength(1);
    const early = FakeEventSource.made[0];
    expect(early.url).toBe(STREAM_URL);
    early.open();
    early.message('{"at":1}');
    early.message('{"at":2}');

    const taken = takeMonitorStream();
    expect(taken.source).toBe(early);
    expect(taken).toMatchObject({ opened: true, failed: false, lastData: '{"at":2}' });
    // The taker installs its own handlers; the early ones are gone.
    expect(early.onopen ?? early.onmessage ?? early.onerror).toBeNull();

    const next = takeMonitorStream();
    expect(next.source).not.toBe(early);
    expect(next).toMatchObject({ opened: false, failed: false });
    expect(next.lastData).toBeUndefined();
    expect(FakeEventSource.made).toHaveLength(2);
  });

  it("reports an error that came before anyone listened, and clears it when the stream reopens", async () => {
    const { takeMonitorStream, openEarly } = await load("/monitor");
    FakeEventSource.made[0].error();
    expect(takeMonitorStream()).toMatchObject({ opened: false, failed: true });

    openEarly();
    const again = FakeEventSource.made[1];
    again.error();
    again.open();
    expect(takeMonitorStream()).toMatchObject({ source: again, opened: true, failed: false });
  });

  it("does not open on other pages", async () => {
    const { takeMonitorStream } = await load("/queues");
    expect(FakeEventSource.made).toHaveLength(0);
    takeMonitorStream();
    expect(FakeEventSource.made).toHaveLength(1);
  });

  it("closes a stream nobody adopts in time", async () => {
    const { takeMonitorStream, ADOPT_WITHIN_MS } = await load("/monitor");
    const early = FakeEventSource.made[0];
    vi.advanceTimersByTime(ADOPT_WITHIN_MS - 1);
    expect(early.readyState).toBe(FakeEventSource.CONNECTING);
    vi.advanceTimersByTime(1);
    expect(early.readyState).toBe(FakeEventSource.CLOSED);
    // …and the next taker gets a fresh one, not the closed one.
    expect(takeMonitorStream().source).not.toBe(early);
  });

  it("keeps an adopted stream open past the deadline", async () => {
    const { takeMonitorStream, ADOPT_WITHIN_MS } = await load("/monitor");
    const { source } = takeMonitorStream();
    vi.advanceTimersByTime(ADOPT_WITHIN_MS * 2);
    expect((source as unknown as FakeEventSource).readyState).not.toBe(FakeEventSource.CLOSED);
  });
});

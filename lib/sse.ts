import "server-only";

/**
 * Server-Sent Events from a subscribe function: one `data:` JSON message per value, a comment line
 * as heartbeat (keeps proxies from closing an idle stream), and cleanup on client abort, on a failed
 * periodic re-authorization, or when the stream errors. Trigger.dev's sse.server pattern.
 */

export interface EventStreamOptions<T> {
  subscribe: (send: (value: T) => void, fail: (err: unknown) => void) => () => void;
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Checked every `revalidateMs`; the stream closes when it resolves false (e.g. user disabled). */
  revalidate?: () => Promise<boolean>;
  revalidateMs?: number;
}

const encoder = new TextEncoder();

export function toEventStream<T>(options: EventStreamOptions<T>): Response {
  const { heartbeatMs = 15_000, revalidateMs = 30_000 } = options;
  let cleanup = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let unsubscribe: () => void = () => {};
      const timers: NodeJS.Timeout[] = [];
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        timers.forEach(clearInterval);
        unsubscribe();
        options.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      cleanup = close;

      write("retry: 3000\n\n");
      unsubscribe = options.subscribe(
        (value) => write(`data: ${JSON.stringify(value)}\n\n`),
        (err) => {
          console.error("hermod: event stream source failed", err);
          close();
        },
      );
      if (closed) unsubscribe();
      timers.push(setInterval(() => write(`: heartbeat ${Date.now()}\n\n`), heartbeatMs));
      if (options.revalidate) {
        const revalidate = options.revalidate;
        timers.push(
          setInterval(() => {
            revalidate().then((ok) => !ok && close(), close);
          }, revalidateMs),
        );
      }
      if (options.signal.aborted) close();
      else options.signal.addEventListener("abort", close);
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

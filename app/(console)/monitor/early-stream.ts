/**
 * The monitor's event stream, opened while the page's scripts are still starting: this module runs
 * when the browser evaluates the monitor's client code, before React hydrates the page, so the stream
 * is usually open (and its first snapshot in) by the time the dashboard mounts and adopts it. It also
 * gets a connection before the page's other requests (hourly chart, session, link prefetches), which
 * the browser would otherwise make it queue behind (six connections per host over HTTP/1.1).
 *
 * Only on the monitor's own URL, and a stream nobody adopts within ADOPT_WITHIN_MS is closed, so a
 * module evaluated for another page never leaves a connection open.
 */

export const STREAM_URL = "/api/monitor/stream";
export const MONITOR_PATH = "/monitor";
export const ADOPT_WITHIN_MS = 10_000;

export interface MonitorStream {
  source: EventSource;
  /** The stream has opened (it may since be retrying: then `readyState` says CONNECTING). */
  opened: boolean;
  /** An error arrived while nobody listened (the stream is retrying, or closed for good). */
  failed: boolean;
  /** The newest message that arrived while nobody listened. */
  lastData?: string;
}

let early: { stream: MonitorStream; expiry: ReturnType<typeof setTimeout> } | null = null;

/** Opens the stream now and keeps what it says until `takeMonitorStream` adopts it. */
export function openEarly(): void {
  if (early) return;
  const source = new EventSource(STREAM_URL);
  const stream: MonitorStream = { source, opened: false, failed: false };
  source.onopen = () => {
    stream.opened = true;
    stream.failed = false;
  };
  source.onmessage = (event: MessageEvent<string>) => {
    stream.lastData = event.data;
  };
  source.onerror = () => {
    stream.failed = true;
  };
  const expiry = setTimeout(() => {
    if (early?.stream !== stream) return;
    early = null;
    source.close();
  }, ADOPT_WITHIN_MS);
  early = { stream, expiry };
}

/** The stream opened early if there is one (each is handed out once), else a new one. */
export function takeMonitorStream(): MonitorStream {
  if (early) {
    const { stream, expiry } = early;
    early = null;
    clearTimeout(expiry);
    stream.source.onopen = stream.source.onmessage = stream.source.onerror = null;
    return stream;
  }
  return { source: new EventSource(STREAM_URL), opened: false, failed: false };
}

if (typeof window !== "undefined" && typeof EventSource !== "undefined" && window.location.pathname === MONITOR_PATH) openEarly();

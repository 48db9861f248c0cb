/**
 * The console over HTTP, as a bench needs it: log in through next-auth's credentials endpoint and
 * read the monitor snapshot (`/api/monitor/snapshot`).
 */

export interface ConsoleSession {
  /** The Cookie header that carries the session. */
  cookie: string;
}

/** The parts of the monitor snapshot the benches read. */
export interface SnapshotSummary {
  queues: number;
  queuedRecipients: number;
  queuedMessages: number;
  engineState: string;
  /** All-time accounting counts the monitor shows (t records are the delivery attempts that deferred). */
  totals: { received: number; delivered: number; deferred: number; bounced: number };
  bytes: number;
  ms: number;
}

function cookieJar(res: Response, jar: Map<string, string>): Map<string, string> {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Logs in with next-auth's credentials flow (CSRF token, then the callback); throws when refused. */
export async function login(baseUrl: string, username: string, password: string): Promise<ConsoleSession> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  cookieJar(csrf, jar);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(jar) },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: baseUrl, json: "true" }),
  });
  await res.arrayBuffer();
  cookieJar(res, jar);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
    throw new Error(`login as ${username} failed (HTTP ${res.status}, no session cookie)`);
  }
  return { cookie: header(jar) };
}

/** Reads the monitor snapshot and keeps only its counts. */
export async function readSnapshot(baseUrl: string, session: ConsoleSession): Promise<SnapshotSummary> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/monitor/snapshot`, { headers: { cookie: session.cookie }, redirect: "manual" });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`/api/monitor/snapshot answered ${res.status}`);
  const body = JSON.parse(text) as {
    engine: { state: string; queuedRecipients?: number; queuedMessages?: number };
    queueCount: number;
    totals: SnapshotSummary["totals"];
  };
  return {
    queues: body.queueCount,
    queuedRecipients: body.engine.queuedRecipients ?? 0,
    queuedMessages: body.engine.queuedMessages ?? 0,
    engineState: body.engine.state,
    totals: body.totals,
    bytes: text.length,
    ms,
  };
}

import "server-only";

/**
 * The console's /api/v1 status API: the management port's documents and commands, authorised by an
 * `X-API-Key` or by the console session (monitor.read to read, queues.write for commands, checked
 * through require-permission). A session POST must come from the console's own origin, so another
 * site cannot make a signed-in browser run commands.
 */

import { requireRoutePermission } from "../auth/require-permission";
import { cachedApiKeyAuthenticator } from "../services/api-keys/authenticate-api-key";
import { renderError } from "./envelope";
import type { Principal } from "./principal";
import { getRunningMgmtConfig } from "./running-config";
import { handleStatusApi } from "./status-api";
import { defaultStatusApiDeps } from "./status-sources";

/** Console keys' lookups are remembered 5 s (lib/services/api-keys/authenticate-api-key.ts). */
const authenticateKey = cachedApiKeyAuthenticator(5_000);

function error(status: number, code: string, message: string): Response {
  const r = renderError(code, message);
  return new Response(r.body, { status, headers: { "content-type": r.contentType, "cache-control": "no-store" } });
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return origin !== null && host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function principalOf(request: Request, document: string): Promise<Principal | Response> {
  const key = request.headers.get("x-api-key");
  if (key !== null) {
    const principal = await authenticateKey(key, getRunningMgmtConfig()?.http.apiKeys ?? []);
    return principal ?? error(401, "unauthorized", "The X-API-Key is not a valid API key (unknown or revoked).");
  }
  const isCommand = document === "commands";
  const auth = await requireRoutePermission(isCommand ? "queues.write" : "monitor.read");
  if (!auth.ok) return auth.response;
  if (request.method === "POST" && !sameOrigin(request)) return error(403, "forbidden", "Commands with a console session must come from the console's origin.");
  return { role: auth.user.role, actor: auth.user.username };
}

export async function consoleStatusApi(request: Request, document: string): Promise<Response> {
  const principal = await principalOf(request, document);
  if (principal instanceof Response) return principal;
  let body: unknown;
  if (request.method === "POST") {
    const text = await request.text();
    if (text.length > 64 * 1024) return error(413, "invalid-body", "The body is larger than 64 KB.");
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return error(400, "invalid-body", "The body is not JSON.");
    }
  }
  const query = new URL(request.url).searchParams;
  const r = await handleStatusApi({ method: request.method, name: document, query, body, principal }, defaultStatusApiDeps());
  return new Response(r.body, { status: r.status, headers: { "content-type": r.contentType, "cache-control": "no-store" } });
}

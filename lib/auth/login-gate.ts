import "server-only";

/**
 * Refuses a credentials login with HTTP 429 before next-auth runs (and before any bcrypt work) when
 * the username+address or the address is over its failure limit. next-auth itself cannot set that
 * status; authorize() repeats the check for the race between two concurrent attempts.
 */

import { getEnv } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { getLoginLimiter, tooManyAttemptsMessage } from "./rate-limit";

export async function loginRateLimitResponse(request: Request): Promise<Response | null> {
  let username = "";
  let wantsJson = false;
  try {
    const form = new URLSearchParams(await request.clone().text());
    username = form.get("username") ?? "";
    wantsJson = form.get("json") === "true";
  } catch {
    return null; // next-auth will reject the malformed body itself
  }
  const ip = clientIpFromHeaders((name) => request.headers.get(name));
  const verdict = getLoginLimiter().check(username, ip);
  if (verdict.allowed) return null;

  const message = tooManyAttemptsMessage(verdict.retryAfterMs);
  const headers = { "retry-after": String(Math.ceil(verdict.retryAfterMs / 1000)), "cache-control": "no-store" };
  if (!wantsJson) return new Response(message, { status: 429, headers });
  // next-auth's signIn() reads the error from `url`; the form shows it as is.
  const url = new URL("/login", getEnv().authUrl);
  url.searchParams.set("error", message);
  return Response.json({ url: url.toString() }, { status: 429, headers });
}

/**
 * The client address the console uses for login rate limits. Route handlers cannot see the socket, so
 * server.ts stamps every request with CLIENT_IP_HEADER (overwriting anything the client sent): the
 * socket address, or — only when the socket belongs to a configured trusted proxy — the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy. No next/* imports: server.ts uses it.
 */

import type { IncomingMessage } from "node:http";

export const CLIENT_IP_HEADER = "x-hermod-client-ip";

function stripMapped(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

/** The client address of `req` given the trusted proxies (HERMOD_TRUSTED_PROXIES). */
export function resolveClientIp(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const peer = stripMapped(remoteAddress ?? "unknown");
  if (!trustedProxies.includes(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(",").map((s) => stripMapped(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i])) return hops[i];
  }
  return peer;
}

/** server.ts: call for every request before handing it to Next. */
export function stampClientIp(req: IncomingMessage, trustedProxies: readonly string[]): void {
  const xff = req.headers["x-forwarded-for"];
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.socket.remoteAddress, Array.isArray(xff) ? xff.join(",") : xff, trustedProxies);
}

/**
 * Reads the stamped address. Without server.ts (plain `next dev`/`next start`) it falls back to the
 * first X-Forwarded-For entry, which Next fills from the socket but a client can forge.
 */
export function clientIpFromHeaders(get: (name: string) => string | null | undefined): string {
  const stamped = get(CLIENT_IP_HEADER);
  if (stamped) return stamped;
  const xff = get("x-forwarded-for");
  return xff?.split(",")[0]?.trim() || "unknown";
}

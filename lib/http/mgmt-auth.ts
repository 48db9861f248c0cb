/**
 * Who may use the management port, per request: an `X-API-Key` (an `http-api-key` value → admin, a
 * console key → its role); without one, the client address's `http-access` level. A key that is
 * presented but not valid is refused outright (401), even from an address with access, so a
 * mistyped or revoked key shows up at once instead of silently falling back.
 */

import { httpAccessLevel, type HttpMgmtConfig } from "@/mta/index";
import type { Principal } from "../status/principal";
import { roleOfLevel } from "../status/principal";

export type MgmtAuthResult = { ok: true; principal: Principal } | { ok: false; status: 401; code: string; message: string };

export interface MgmtAuthInput {
  apiKey: string | undefined;
  ip: string;
  http: HttpMgmtConfig;
  authenticateKey: (key: string, directiveKeys: readonly string[]) => Promise<Principal | null>;
}

export async function authorizeMgmtRequest(input: MgmtAuthInput): Promise<MgmtAuthResult> {
  if (input.apiKey !== undefined) {
    const principal = await input.authenticateKey(input.apiKey, input.http.apiKeys);
    if (principal) return { ok: true, principal };
    return { ok: false, status: 401, code: "unauthorized", message: "The X-API-Key is not a valid API key (unknown or revoked)." };
  }
  const role = roleOfLevel(httpAccessLevel(input.http.access, input.ip));
  if (role) return { ok: true, principal: { role, actor: `address:${input.ip}` } };
  return { ok: false, status: 401, code: "unauthorized", message: `An X-API-Key is required: http-access gives ${input.ip} no access.` };
}

/**
 * Who is calling the status API, and with which role: a console user, an API key (a console-created
 * ApiKey row or an `http-api-key` directive value), or a client address's `http-access` level.
 * PowerMTA's levels map onto Hermod's roles: monitor → viewer (reads), operator → operator (also runs
 * commands), admin → admin.
 */

import type { HttpAccessLevel } from "@/mta/index";
import type { Role } from "../auth/permissions";

export interface Principal {
  role: Role;
  /** For the audit trail: a username, `api-key:NAME`, `http-api-key` or `address:IP`. */
  actor: string;
}

export function roleOfLevel(level: HttpAccessLevel): Role | null {
  switch (level) {
    case "none":
      return null;
    case "monitor":
      return "viewer";
    case "operator":
      return "operator";
    case "admin":
      return "admin";
  }
}

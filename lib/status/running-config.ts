/**
 * The parts of the running config the status API needs (http-mgmt-port, http-access, http-api-key,
 * total-max-smtp-out). server.ts sets it at start and after every reload (lib/http/mgmt-host.ts);
 * the Next bundle's /api/v1 routes read it. On globalThis because server.ts and the Next bundle load
 * this module as two copies.
 */

import type { HttpMgmtConfig, MtaConfig } from "@/mta/index";

export interface RunningMgmtConfig {
  http: HttpMgmtConfig;
  totalMaxSmtpOut: number;
}

const KEY = Symbol.for("hermod.mgmt-config");
type Registry = { [KEY]?: RunningMgmtConfig };

export function mgmtConfigOf(config: MtaConfig): RunningMgmtConfig {
  return { http: config.http, totalMaxSmtpOut: config.totalMaxSmtpOut };
}

export function setRunningMgmtConfig(config: RunningMgmtConfig | undefined): void {
  (globalThis as Registry)[KEY] = config;
}

/** Null when no engine runs in this process (plain `next dev`). */
export function getRunningMgmtConfig(): RunningMgmtConfig | null {
  return (globalThis as Registry)[KEY] ?? null;
}

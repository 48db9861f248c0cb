/**
 * What the config use cases need from outside, with the process's defaults. Tests pass their own
 * (a temp config file, a test database, a fake engine). No "server-only": server.ts uses these too.
 */

import type { MtaHandle } from "@/mta/index";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import { createConfigRevisionRepository, type ConfigRevisionRepository } from "../../db/config-revision-repository";
import { getEnv } from "../../env";
import { getMta } from "../../mta-host/handle";

export interface ConfigDeps {
  /** HERMOD_CONFIG: the file the engine was started from. */
  configPath: string;
  revisions: Pick<ConfigRevisionRepository, "latest" | "append" | "findById" | "list">;
  audit: Pick<AuditRepository, "record">;
  /** The running engine, or null when this process has none (then only the file changes). */
  mta: () => Pick<MtaHandle, "reload"> | null;
  log: Pick<Console, "error" | "warn" | "log">;
}

export function configDeps(overrides: Partial<ConfigDeps> = {}): ConfigDeps {
  return {
    configPath: overrides.configPath ?? getEnv().configPath,
    revisions: overrides.revisions ?? createConfigRevisionRepository(),
    audit: overrides.audit ?? createAuditRepository(),
    mta: overrides.mta ?? getMta,
    log: overrides.log ?? console,
  };
}

/** The author of revisions Hermod records by itself (the file read at start or on `hermod reload`). */
export const SYSTEM_AUTHOR = "system";

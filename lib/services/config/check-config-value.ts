/** A block editor's field, checked with the engine's value parsers or compiler as it is typed (lib/config/field-check.ts). */

import type { TConfigBlockKind } from "../../schemas/config";
import { checkConfigValue as check } from "../../config/field-check";
import { getEnv } from "../../env";

/** `configFile`: where relative key files resolve from (default: HERMOD_CONFIG, the file the value goes to). */
export function checkConfigValue(kind: TConfigBlockKind, field: string, value: string, configFile = getEnv().configPath): string | null {
  return check(kind, field, value, configFile);
}

/** A block editor's field, checked with the engine's value parsers as it is typed (lib/config/field-check.ts). */

import type { TConfigBlockKind } from "../../schemas/config";
import { checkConfigValue as check } from "../../config/field-check";

export function checkConfigValue(kind: TConfigBlockKind, field: string, value: string): string | null {
  return check(kind, field, value);
}

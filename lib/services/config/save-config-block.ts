/** A block editor's Save: add or change one `<virtual-mta>`, `<domain>`, … block, then apply (change-config.ts). */

import type { TSaveBlockInput } from "../../schemas/config";
import { saveBlock } from "../../config/block-edit";
import { checkBlockValues } from "../../config/field-check";
import { changeConfig, type ChangeResult } from "./change-config";
import { configDeps, type ConfigDeps } from "./config-deps";

export type BlockChangeResult = ChangeResult | { ok: false; reason: "fields"; error: string; fieldErrors: Record<string, string> };

export async function saveConfigBlock(author: string, input: TSaveBlockInput, deps: ConfigDeps = configDeps()): Promise<BlockChangeResult> {
  const fieldErrors = checkBlockValues(input.kind, input.arg, input.values, deps.configPath);
  if (Object.keys(fieldErrors).length > 0) return { ok: false, reason: "fields", error: "Please correct the highlighted fields.", fieldErrors };
  const what = `<${input.kind} ${input.arg}>`;
  const comment = input.comment || (input.match === undefined ? `Add ${what}` : `Edit ${what}`);
  return changeConfig(
    {
      author,
      comment,
      origin: "console",
      baseHash: input.baseHash,
      edit: (current) => saveBlock(current, { kind: input.kind, match: input.match, arg: input.arg, values: input.values }, deps.configPath),
    },
    deps,
  );
}

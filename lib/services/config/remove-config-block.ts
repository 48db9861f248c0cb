/** A block editor's Delete: remove one block, opening to closing line, then apply (change-config.ts). */

import type { TRemoveBlockInput } from "../../schemas/config";
import { removeBlock } from "../../config/block-edit";
import { changeConfig, type ChangeResult } from "./change-config";
import { configDeps, type ConfigDeps } from "./config-deps";

export function removeConfigBlock(author: string, input: TRemoveBlockInput, deps: ConfigDeps = configDeps()): Promise<ChangeResult> {
  return changeConfig(
    {
      author,
      comment: input.comment || `Remove <${input.kind} ${input.arg}>`,
      origin: "console",
      baseHash: input.baseHash,
      edit: (current) => removeBlock(current, input.kind, input.arg, deps.configPath),
    },
    deps,
  );
}

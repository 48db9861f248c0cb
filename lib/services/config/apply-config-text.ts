/** Applies a whole new config text (the console's text editor, an import). See change-config.ts. */

import type { TConfigOrigin } from "../../schemas/config";
import { changeConfig, type ChangeResult } from "./change-config";
import { configDeps, type ConfigDeps } from "./config-deps";

export interface ApplyConfigTextInput {
  text: string;
  author: string;
  comment: string;
  origin: TConfigOrigin;
  /** textHash of the text the author started from, when they saw one. */
  baseHash?: string;
}

export function applyConfigText(input: ApplyConfigTextInput, deps: ConfigDeps = configDeps()): Promise<ChangeResult> {
  const { text, ...change } = input;
  return changeConfig({ ...change, edit: () => ({ ok: true, text }) }, deps);
}

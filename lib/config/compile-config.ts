/**
 * Compiles config text as it would run from the config file: diagnostics name that file, and
 * `include`s resolve against (and are confined to) the config file's directory.
 */

import path from "node:path";
import { compileConfigText, type CompileResult } from "@/mta/index";

export function compileConfig(text: string, configPath: string): CompileResult {
  return compileConfigText(text, { file: configPath, rootDir: path.dirname(configPath) });
}

/**
 * The real-disk `ConfigFs`. Synchronous on purpose: a config (with its includes) is a handful of small
 * files read at start-up and on reload, never per message, and a synchronous read keeps compiling a
 * single pure call that cannot interleave with a concurrent reload.
 */

import { readdirSync, readFileSync, realpathSync } from "node:fs";
import type { ConfigFs } from "./include";

export const nodeConfigFs: ConfigFs = {
  readFile: (path) => readFileSync(path, "utf8"),
  realpath: (path) => realpathSync(path),
  readdir: (path) => readdirSync(path),
};

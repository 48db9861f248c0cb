#!/usr/bin/env node
// The `hermod` command. Runs straight from the TypeScript sources (no build needed): tsx's loader is
// registered with the project's tsconfig, so the `@/` paths resolve wherever the command is run from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { runCli } = await import("../lib/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));

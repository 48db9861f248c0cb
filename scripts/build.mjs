#!/usr/bin/env node
// Production build: Prisma clients, the Next app, and server.ts (+ the MTA thread) bundled into dist/.
// Writes dist/build-stamp so `npm start` can tell whether the build matches the checkout.
import fs from "node:fs";
import { buildStamp, run } from "./lib.mjs";

run("node", ["scripts/prisma-generate.mjs"]);
run("node", ["node_modules/next/dist/bin/next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
const { build } = await import("esbuild");
// server.ts and the MTA's worker thread, side by side in dist/ (engine-thread.ts finds its worker
// next to itself).
await build({
  entryPoints: { server: "server.ts", "engine-worker": "lib/mta-host/engine-worker.ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
});
fs.writeFileSync("dist/build-stamp", buildStamp());
console.log("Hermod build complete: dist/server.mjs");

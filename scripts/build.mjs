#!/usr/bin/env node
// Production build: Prisma clients, the Next app, and server.ts bundled into dist/server.mjs.
// Writes dist/build-stamp so `npm start` can tell whether the build matches the checkout.
import fs from "node:fs";
import { buildStamp, run } from "./lib.mjs";

run("node", ["scripts/prisma-generate.mjs"]);
run("node", ["node_modules/next/dist/bin/next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
const { build } = await import("esbuild");
await build({
  entryPoints: ["server.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  outfile: "dist/server.mjs",
  logLevel: "warning",
});
fs.writeFileSync("dist/build-stamp", buildStamp());
console.log("Hermod build complete: dist/server.mjs");

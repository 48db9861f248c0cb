#!/usr/bin/env node
// `npm start`: builds on first start (or when the checkout changed since the last build), then runs
// the production server in this same process, so signals reach it directly.
import { buildIsCurrent, run } from "./lib.mjs";

if (!buildIsCurrent()) {
  console.log("Hermod: building (first start or sources changed); this takes about a minute.");
  run("node", ["scripts/build.mjs"]);
}
process.env.NODE_ENV = "production";
await import("../dist/server.mjs");

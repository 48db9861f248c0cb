#!/usr/bin/env node
// `npm test`: every test Hermod has.
//   1. vitest: unit tests next to the code, and the MTA integration tests (real SMTP on loopback);
//   2. the production build, then Playwright e2e in Debian's chromium against `node dist/server.mjs`.
// With HERMOD_TEST_POSTGRES_URL set (CI does), the database tests and the e2e run again on PostgreSQL;
// the two e2e passes run at the same time, each with its own server, ports and data dir (most of an
// e2e pass is waiting on mail and timers, so two fit on two cores).
import fs from "node:fs";
import { buildIsCurrent, run, runConcurrently } from "./lib.mjs";

const pg = process.env.HERMOD_TEST_POSTGRES_URL;
if (!fs.existsSync("generated/prisma") || !fs.existsSync("generated/pg")) run("node", ["scripts/prisma-generate.mjs"]);

run("node", ["node_modules/vitest/vitest.mjs", "run"], { env: { ...process.env, ...(pg ? { TEST_DATABASE_URL: pg } : {}) } });

if (!buildIsCurrent()) run("node", ["scripts/build.mjs"]);
const playwright = ["node_modules/@playwright/test/cli.js", "test"];
const e2e = [{ name: "e2e sqlite", cmd: "node", args: playwright, env: { ...process.env, HERMOD_E2E_DATABASE: "sqlite" } }];
if (pg) {
  run("node", ["scripts/reset-postgres.mjs", pg]);
  // Ports of their own (the history spec also uses each port + 3).
  const ports = { E2E_PORT: "3110", E2E_SMTP_PORT: "2635", E2E_SINK_PORT: "2636", E2E_MGMT_PORT: "8090" };
  e2e.push({ name: "e2e postgresql", cmd: "node", args: playwright, env: { ...process.env, ...ports, HERMOD_E2E_DATABASE: pg } });
}
await runConcurrently(e2e);
console.log("Hermod: all tests passed");

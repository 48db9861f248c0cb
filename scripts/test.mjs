#!/usr/bin/env node
// `npm test`: every test Hermod has.
//   1. vitest: unit tests next to the code, and the MTA integration tests (real SMTP on loopback);
//   2. the production build, then Playwright e2e in Debian's chromium against `node dist/server.mjs`.
// With HERMOD_TEST_POSTGRES_URL set (CI does), the database tests and the e2e run again on PostgreSQL.
import fs from "node:fs";
import { buildIsCurrent, run } from "./lib.mjs";

const pg = process.env.HERMOD_TEST_POSTGRES_URL;
if (!fs.existsSync("generated/prisma") || !fs.existsSync("generated/pg")) run("node", ["scripts/prisma-generate.mjs"]);

run("node", ["node_modules/vitest/vitest.mjs", "run"], { env: { ...process.env, ...(pg ? { TEST_DATABASE_URL: pg } : {}) } });

if (!buildIsCurrent()) run("node", ["scripts/build.mjs"]);
run("node", ["node_modules/@playwright/test/cli.js", "test"], { env: { ...process.env, HERMOD_E2E_DATABASE: "sqlite" } });
if (pg) {
  run("node", ["scripts/reset-postgres.mjs", pg]);
  run("node", ["node_modules/@playwright/test/cli.js", "test"], { env: { ...process.env, HERMOD_E2E_DATABASE: pg } });
}
console.log("Hermod: all tests passed");

/**
 * `npm run db:generate`: derives prisma/pg/schema.prisma from the SQLite schema (the single source of
 * truth), then generates both clients. The Prisma 7 CLI tries to download a schema engine it does not
 * need for `generate`; pointing PRISMA_SCHEMA_ENGINE_BINARY at any file skips that download.
 *
 * `--check` only verifies that prisma/pg/schema.prisma is up to date (for CI) and generates nothing.
 */

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toPostgresSchema } from "../prisma/to-postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchemaPath = path.join(root, "prisma/schema.prisma");
const pgSchemaPath = path.join(root, "prisma/pg/schema.prisma");

const expected = toPostgresSchema(fs.readFileSync(sqliteSchemaPath, "utf8"));

if (process.argv.includes("--check")) {
  const actual = fs.existsSync(pgSchemaPath) ? fs.readFileSync(pgSchemaPath, "utf8") : "";
  if (actual !== expected) {
    console.error("prisma/pg/schema.prisma is out of date: run `npm run db:generate`.");
    process.exit(1);
  }
  console.log("prisma/pg/schema.prisma is up to date.");
  process.exit(0);
}

fs.mkdirSync(path.dirname(pgSchemaPath), { recursive: true });
fs.writeFileSync(pgSchemaPath, expected);

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const prismaBin = path.join(root, "node_modules/.bin/prisma");
for (const schema of [sqliteSchemaPath, pgSchemaPath]) {
  execFileSync(prismaBin, ["generate", "--schema", path.relative(root, schema)], { cwd: root, env, stdio: "inherit" });
}

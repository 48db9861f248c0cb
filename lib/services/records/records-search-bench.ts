/**
 * Measures the accounting explorer's searches on a large DeliveryRecord table:
 *
 *   node --import tsx lib/services/records/records-search-bench.ts [rows=1000000]
 *   TEST_DATABASE_URL=postgresql://… node --import tsx lib/services/records/records-search-bench.ts
 *
 * Seeds a fresh migrated database (SQLite temp file, or a throwaway PostgreSQL database) with
 * multi-row INSERTs of synthetic records — one domain with a third of the rows and 10,000 more, 20 VMTAs, 50 jobs, 85% d /
 * 10% t / 5% b over 7 days — then times each search (first page of 101 rows, best of 3).
 */

import { performance } from "node:perf_hooks";
import type { AcctRecord } from "@/mta/index";
import { createDeliveryRecordRepository, type DeliveryRecordFilter } from "../../db/delivery-record-repository";
import path from "node:path";
import { createDb } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createEmptyDatabase, testPostgresUrl } from "../../db/testing/test-database";
import { BOUNCE_CATEGORIES } from "../../schemas/records";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const DOMAINS = 10_000;
const T0 = Date.UTC(2026, 0, 1);
const SPAN_MS = 7 * 24 * 3_600_000;
const BATCH = 1_000;

function synthetic(i: number): AcctRecord {
  // A cheap deterministic spread (no Math.random: the same table every run).
  const h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  // One big destination (a third of the mail, like gmail.com), the rest spread over 10,000 domains.
  const domain = (h >>> 20) % 3 === 0 ? "big.test" : `d${h % DOMAINS}.test`;
  const vmta = `v${(h >>> 14) % 20}`;
  const roll = (h >>> 7) % 100;
  const type = roll < 85 ? "d" : roll < 95 ? "t" : "b";
  const at = T0 + Math.floor((i / ROWS) * SPAN_MS);
  return {
    type,
    timeLogged: at,
    timeQueued: at - 2_000,
    orig: `bounce-${(h >>> 3) % 50}@sender.test`,
    rcpt: `user${i % 400_000}@${domain}`,
    orcpt: "",
    dsnAction: type === "d" ? "relayed" : type === "b" ? "failed" : "delayed",
    dsnStatus: type === "d" ? "2.0.0 (success)" : type === "b" ? "5.1.1 (bad destination mailbox address)" : "4.2.0 (other)",
    dsnDiag: type === "d" ? "smtp;250 2.0.0 OK" : type === "b" ? "smtp;550 5.1.1 user unknown" : "smtp;450 4.2.0 greylisted",
    dsnMta: `mx.${domain} (192.0.2.${h % 250})`,
    bounceCat: type === "d" ? "" : BOUNCE_CATEGORIES[(h >>> 5) % BOUNCE_CATEGORIES.length],
    srcType: "smtp",
    srcMta: "app.sender.test (10.0.0.5)",
    dlvType: "smtp",
    dlvSourceIp: `10.1.0.${(h >>> 14) % 20}`,
    dlvDestinationIp: `192.0.2.${h % 250}`,
    dlvEsmtpAvailable: "PIPELINING,8BITMIME,STARTTLS",
    dlvSize: 3_000 + (h % 10_000),
    vmta,
    jobId: `job-${(h >>> 9) % 50}`,
    envId: "",
    queue: `${domain}/${vmta}`,
    vmtaPool: "pool",
    dlvTlsProtocol: "TLSv1.3",
    dlvTlsCipher: "TLS_AES_256_GCM_SHA384",
    messageId: `m${Math.floor(i / 3)}`,
  };
}

async function main(): Promise<void> {
  const provider = testPostgresUrl() ? "postgresql" : "sqlite";
  // Run from the repository root: the migrations are read from ./prisma.
  const empty = await createEmptyDatabase(provider);
  await migrateDatabase(empty.url, { prismaDir: path.resolve("prisma") });
  const handle = createDb(empty.url);
  await handle.ready;
  const t = { db: handle.db, cleanup: async () => (await handle.db.$disconnect(), await empty.drop()) };
  try {
    const repo = createDeliveryRecordRepository(t.db);
    let started = performance.now();
    for (let i = 0; i < ROWS; i += BATCH) {
      await repo.insertMany(Array.from({ length: Math.min(BATCH, ROWS - i) }, (_, k) => synthetic(i + k)));
    }
    console.log(`${provider}: seeded ${ROWS.toLocaleString("en-US")} records in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // What the first search of a process does on SQLite (the repository's approximate ANALYZE);
    // PostgreSQL's autovacuum analyzes a table this size on its own.
    started = performance.now();
    if (provider === "postgresql") await t.db.$executeRawUnsafe(`ANALYZE "DeliveryRecord"`);
    else if (process.env.BENCH_NO_ANALYZE !== "1") await repo.analyze();
    console.log(`statistics refreshed in ${(performance.now() - started).toFixed(1)} ms`);

    const mid = synthetic(Math.floor(ROWS / 2));
    const cases: [string, DeliveryRecordFilter, number?][] = [
      ["everything, first page", {}],
      ["type b", { types: ["b"] }],
      ["type b,t", { types: ["b", "t"] }],
      ["recipient (exact)", { rcpt: mid.rcpt }],
      ["sender (50 distinct)", { orig: mid.orig }],
      ["job", { jobId: mid.jobId }],
      ["VMTA", { vmta: mid.vmta }],
      ["domain (queue range)", { domain: "d1234.test" }],
      ["big domain (1/3 of rows)", { domain: "big.test" }],
      ["big domain + type b", { domain: "big.test", types: ["b"] }],
      ["big domain + one hour", { domain: "big.test", from: mid.timeLogged, to: mid.timeLogged + 3_600_000 }],
      ["big domain queue errors", { queue: "big.test/v3", types: ["t", "b"] }],
      ["domain + type b", { domain: "d1234.test", types: ["b"] }],
      ["category", { bounceCat: "quota-issues" }],
      ["one hour in the middle", { from: mid.timeLogged, to: mid.timeLogged + 3_600_000 }],
      ["domain + last day", { domain: "d1234.test", from: T0 + SPAN_MS - 86_400_000 }],
      ["job + type b + category", { jobId: "job-7", types: ["b"], bounceCat: "bad-mailbox" }],
      ["recipient that has no records", { rcpt: "nobody@nowhere.test" }],
      ["deep page (id < half)", {}, Math.floor(ROWS / 2)],
      ["queue errors (detail page)", { queue: mid.queue, types: ["t", "b"] }],
    ];
    const rows: { search: string; ms: string; rows: number }[] = [];
    for (const [name, filter, beforeId] of cases) {
      let best = Infinity;
      let n = 0;
      for (let k = 0; k < 3; k++) {
        started = performance.now();
        n = (await repo.search(filter, { limit: 101, beforeId })).length;
        best = Math.min(best, performance.now() - started);
      }
      rows.push({ search: name, ms: best.toFixed(1), rows: n });
    }
    started = performance.now();
    const timeline = await repo.ofMessage(mid.messageId, 2_000);
    rows.push({ search: "message timeline", ms: (performance.now() - started).toFixed(1), rows: timeline.length });
    // The alternative not taken: a suffix match on rcpt reads every row.
    started = performance.now();
    await t.db.$queryRawUnsafe(`SELECT "id" FROM "DeliveryRecord" WHERE "rcpt" LIKE '%@d1234.test' ORDER BY "id" DESC LIMIT 101`);
    rows.push({ search: "(for comparison) rcpt LIKE '%@domain'", ms: (performance.now() - started).toFixed(1), rows: 0 });
    console.table(rows);
  } finally {
    await t.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

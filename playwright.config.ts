import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { loopbackRelayConfig } from "./mta/testing/relay-config";

/**
 * Console e2e against the real server (server.ts: migrations, first admin from
 * HERMOD_ADMIN_PASSWORD, MTA, monitor, Next). Debian's chromium, never `playwright install`.
 *
 * E2E_BASE_URL: test a server that is already running (no webServer is started).
 * E2E_SERVER_COMMAND: how to start one (default `npm run start`, i.e. the production build).
 * HERMOD_E2E_DATABASE: "sqlite" (default, a file in the e2e data dir) or a postgres URL.
 */

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
export const E2E_ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-0001";
const database = process.env.HERMOD_E2E_DATABASE ?? "sqlite";
const postgresUrl = /^postgres(ql)?:\/\//.test(database) ? database : null;
/** SMTP ports of the e2e server and of the loopback sink its `<domain *>` routes to. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2625);
export const E2E_SINK_PORT = Number(process.env.E2E_SINK_PORT ?? 2626);
/** The management HTTP port (`http-mgmt-port`: status documents, /metrics) of the e2e server. */
export const E2E_MGMT_PORT = Number(process.env.E2E_MGMT_PORT ?? 8080);
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? (postgresUrl ? "data/e2e-pg" : "data/e2e"));
/** The e2e server's HERMOD_DATA_DIR (its config, CLI key, spool): one per database, so specs must use this. */
export const E2E_DATA_DIR = dataDir;

// Each run starts from a fresh install, as a new user's would: an empty data dir and a config of its
// own. Only the runner process prepares it (workers load this file too, with TEST_WORKER_INDEX set).
if (!process.env.TEST_WORKER_INDEX && !process.env.HERMOD_E2E_PREPARED && !process.env.E2E_BASE_URL) {
  process.env.HERMOD_E2E_PREPARED = "1";
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, "hermod.conf"),
    loopbackRelayConfig({
      smtpPort: E2E_SMTP_PORT,
      sinkPort: E2E_SINK_PORT,
      hostName: "e2e.hermod.test",
      global: [`http-mgmt-port ${E2E_MGMT_PORT}`],
      domainExtra: ["retry-after 2s"],
      // e2e/feedback: reports to this address are processed (f records, complainants suppressed).
      blocks: ["<feedback-loop-processor>", "    <address-list>", "        address fbl@e2e.hermod.test", "    </address-list>", "</feedback-loop-processor>"],
    }),
  );
}

export default defineConfig({
  testDir: "e2e",
  testMatch: ["**/*.spec.ts"],
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? "line" : "list",
  // One per database: CI runs the SQLite and PostgreSQL passes at the same time.
  outputDir: postgresUrl ? "test-results/e2e-pg" : "test-results/e2e",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: process.env.E2E_SERVER_COMMAND ?? "npm run start",
        url: `${baseURL}/api/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 180_000,
        stdout: "pipe",
        env: {
          NODE_ENV: "production",
          PORT: String(port),
          HOSTNAME: "127.0.0.1",
          NEXTAUTH_URL: baseURL,
          // A data dir of its own: the first admin gets this password, and no dev data is touched.
          HERMOD_DATA_DIR: dataDir,
          HERMOD_CONFIG: path.join(dataDir, "hermod.conf"),
          HERMOD_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
          ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}),
        },
      },
});

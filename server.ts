/**
 * Hermod's one process: the console (Next.js) and the MTA side by side.
 *
 * Start order: environment → database migrations → session secret → first admin → MTA (spool
 * recovery, listeners) → monitor → queue-mode log → alert evaluator → config revision from the file, SIGHUP reload →
 * management port → Next → HTTP. On SIGTERM/SIGINT: SMTP stops accepting (new sessions
 * get 421), messages in DATA finish spooling, deliveries get a grace period, then HTTP closes and the
 * process exits.
 */

import { createServer } from "node:http";
import next from "next";
import { startAlertEvaluator } from "./lib/alerts/alert-evaluator";
import { ensureAuthSecret } from "./lib/auth/secret";
import { disconnectDb } from "./lib/db/client";
import { migrateDatabase } from "./lib/db/migrate";
import { createRecordSink } from "./lib/db/mta-adapters";
import { getEnv } from "./lib/env";
import { stampClientIp } from "./lib/http/client-ip";
import { startManagementService } from "./lib/http/mgmt-host";
import { bootMta, shutdownMta } from "./lib/mta-host/boot";
import { startMonitor } from "./lib/mta-host/monitor";
import { startSuppression } from "./lib/services/suppression/auto-add";
import { startFeedback } from "./lib/services/feedback/feedback-service";
import { startQueueModeLog } from "./lib/mta-host/queue-mode-log";
import { startReloadControl } from "./lib/mta-host/reload-control";
import { syncConfigRevisionFromFile } from "./lib/services/config/sync-config-revision-from-file";
import { ensureAdminUser } from "./lib/services/ensure-admin";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const env = getEnv();
  const dev = env.nodeEnv !== "production";
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.NEXTAUTH_URL ??= env.authUrl;

  await migrateDatabase(env.databaseUrl);
  ensureAuthSecret(env.dataDir);
  await ensureAdminUser();

  const mta = await bootMta({ configPath: env.configPath, dataDir: env.dataDir, recordSink: createRecordSink() });
  const monitor = startMonitor(mta);
  // Suppression lists into the engine's memory, and hard bounces into the lists that auto-add them.
  const suppression = startSuppression(mta);
  // f/rb/rs records from the processors into the database, complainants into the suppression lists.
  const feedback = startFeedback(mta);
  const queueModeLog = startQueueModeLog(mta);
  const alerts = startAlertEvaluator(env.configPath);
  // The file and the console's revisions never disagree: the file read at start is a revision, and
  // SIGHUP (`hermod reload`) re-reads it.
  await syncConfigRevisionFromFile(env.configPath);
  const reloadControl = startReloadControl({ configPath: env.configPath, dataDir: env.dataDir });
  // The status API on http-mgmt-port; it also writes the CLI's key file ($HERMOD_DATA_DIR/cli-api-key).
  const mgmt = await startManagementService({ mta, configPath: env.configPath, dataDir: env.dataDir });

  const app = next({ dev, hostname: env.hostname, port: env.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const http = createServer((req, res) => {
    stampClientIp(req, env.trustedProxies);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(env.port, env.hostname, resolve);
  });
  console.log(`Hermod console on http://${env.hostname}:${env.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Hermod: ${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS * 3);
    force.unref();
    try {
      reloadControl.stop();
      await alerts.stop();
      await mgmt.stop();
      await shutdownMta(SHUTDOWN_GRACE_MS);
      await monitor.stop();
      await suppression.stop();
      await feedback.stop();
      await queueModeLog.stop();
      http.close();
      http.closeAllConnections();
      await disconnectDb();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { loopbackRelayConfig } from "../../mta/testing/relay-config";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_DATA_DIR } from "../../playwright.config";

/**
 * "The hourly throughput chart still shows the earlier hours after Hermod restarts." The Playwright
 * webServer cannot restart, so this spec runs a production server of its own (dist/server.mjs, on the
 * ports below and a data dir of its own), sends mail through it, stops it, and starts it again on the
 * same data dir. Between the two runs it also adds an hourly rollup row three hours back, as an earlier
 * run would have left it, so the chart must show hours other than the current one.
 */

const PORT = Number(process.env.E2E_PORT ?? 3100) + 3;
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2625) + 3;
const SINK_PORT = Number(process.env.E2E_SINK_PORT ?? 2626) + 3;
const MGMT_PORT = Number(process.env.E2E_MGMT_PORT ?? 8080) + 3;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = path.resolve(E2E_DATA_DIR, "history-restart");
const PASSWORD = "e2e-history-password-0001";
const HOUR_MS = 3_600_000;

interface Hourly {
  points: { hour: number; delivered: number; received: number }[];
}

function startServer(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["dist/server.mjs"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      NEXTAUTH_URL: BASE,
      HERMOD_DATA_DIR: DATA_DIR,
      HERMOD_CONFIG: path.join(DATA_DIR, "hermod.conf"),
      HERMOD_ADMIN_PASSWORD: PASSWORD,
      DATABASE_URL: "",
    },
  });
  proc.stdout?.on("data", () => undefined);
  proc.stderr?.on("data", () => undefined);
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = async () => {
      if (proc.exitCode !== null) return reject(new Error(`server exited (${proc.exitCode})`));
      const ok = await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
      if (ok) return resolve(proc);
      if (Date.now() > deadline) return reject(new Error("server did not start"));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

function stopServer(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once("exit", () => resolve());
    proc.kill("SIGTERM");
  });
}

async function login(page: Page): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/monitor$/);
}

async function hourly(page: Page): Promise<Hourly> {
  const res = await page.request.get(`${BASE}/api/monitor/hourly?range=24h`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Hourly;
}

let sink: Sink;
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(DATA_DIR, "hermod.conf"),
    loopbackRelayConfig({ smtpPort: SMTP_PORT, sinkPort: SINK_PORT, hostName: "history.hermod.test", global: [`http-mgmt-port ${MGMT_PORT}`] }),
  );
  sink = await startSink({ port: SINK_PORT });
});

test.afterAll(async () => {
  if (server) await stopServer(server);
  await sink?.close();
});

test("the hourly throughput chart still shows the earlier hours after Hermod restarts", async ({ browser }) => {
  test.setTimeout(300_000);
  server = await startServer();
  let page = await (await browser.newContext()).newPage();
  await login(page);

  // Three messages through the real server, delivered to the sink.
  for (let i = 0; i < 3; i++) {
    const r = await sendRaw(SMTP_PORT, { from: "sender@e2e.test", to: [`user${i}@history.test`], body: `Subject: history ${i}\r\n\r\nhello\r\n` });
    expect(r.data).toMatch(/^250 /);
  }
  await expect.poll(() => sink.messages.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  // The monitor writes its rollups every few seconds: wait until the hourly route (HourBucket) has them.
  await expect.poll(async () => (await hourly(page)).points.at(-1)?.delivered ?? 0, { timeout: 30_000 }).toBe(3);
  const currentHour = (await hourly(page)).points.at(-1)!.hour;
  await page.context().close();

  await stopServer(server);
  server = undefined;
  // An earlier run's hour, three hours back (the rollup row the monitor itself would have written).
  const db = new Database(path.join(DATA_DIR, "hermod.db"));
  const earlier = currentHour - 3 * HOUR_MS;
  db.prepare(`INSERT INTO "HourBucket" ("hourStart", "domain", "delivered") VALUES (?, ?, ?)`).run(new Date(earlier).toISOString().replace("Z", "+00:00"), "earlier.test", 7);
  db.close();

  server = await startServer();
  page = await (await browser.newContext()).newPage();
  await login(page);
  const after = await hourly(page);
  expect(after.points.find((p) => p.hour === currentHour)?.delivered).toBe(3);
  expect(after.points.find((p) => p.hour === earlier)?.delivered).toBe(7);

  // And the page's chart shows both hours.
  const chart = page.getByTestId("hourly-chart");
  await expect(chart).toHaveAttribute("data-hours-with-mail", "2");
  await expect(page.getByTestId("hourly-total")).toHaveText("10 in the last 24 hours");
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  await page.getByTestId("hourly-range-7d").click();
  await expect(page.getByTestId("hourly-total")).toHaveText("10 in the last 7 days");
  await page.screenshot({ path: test.info().outputPath("monitor-history.png"), fullPage: true });
});

/**
 * The status API as a monitoring script and an operator use it: PowerMTA's /status document on the
 * management port with an X-API-Key, 401 for an address http-access does not allow (127.0.0.2: the
 * e2e config keeps PowerMTA's default, 127.0.0.1 and ::1 only), and `hermod show queues --json` (the
 * CLI as a child process, finding the port in HERMOD_CONFIG and its key in the data directory)
 * listing the same queues with the same counts as the console.
 */

import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { E2E_DATA_DIR, E2E_MGMT_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DATA_DIR = E2E_DATA_DIR;
const run = promisify(execFile);

/** The key the server wrote at start for the CLI (mode 0600). */
function cliKey(): string {
  return fs.readFileSync(path.join(DATA_DIR, "cli-api-key"), "utf8").trim();
}

function mgmt(pathAndQuery: string, opts: { key?: string; localAddress?: string } = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: E2E_MGMT_PORT, path: pathAndQuery, localAddress: opts.localAddress, headers: opts.key ? { "x-api-key": opts.key } : {} }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function hermod(...args: string[]): Promise<string> {
  const env = { ...process.env, HERMOD_DATA_DIR: DATA_DIR, HERMOD_CONFIG: path.join(DATA_DIR, "hermod.conf"), HERMOD_MGMT_URL: "", HERMOD_API_KEY: "" };
  const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/hermod.mjs"), ...args], { cwd: ROOT, env, timeout: 30_000 });
  return stdout;
}

const run_ = Date.now().toString(36);
const domainA = `a-${run_}.status.test`;
const domainB = `b-${run_}.status.test`;

test.beforeAll(async () => {
  // No sink listens for these domains' deliveries here, so their mail stays queued (and is retried).
  for (const to of [[`x@${domainA}`, `y@${domainA}`], [`z@${domainB}`]]) {
    const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@e2e.test", to, body: `Subject: status ${run_}\r\n\r\nhello\r\n` });
    expect(r.data).toMatch(/^250 /);
  }
});

test("GET /status?format=json with an API key returns PowerMTA's status document", async () => {
  // The engine publishes its snapshot a few times a second: wait for this test's 3 recipients.
  let r = await mgmt("/status?format=json", { key: cliKey() });
  await expect
    .poll(async () => {
      r = await mgmt("/status?format=json", { key: cliKey() });
      return r.status === 200 && r.json.data.status.queue.smtp.rcp >= 3 && r.json.data.status.queue.smtp.dom >= 2;
    })
    .toBe(true);
  expect(r.json).toMatchObject({ status: "success", message: "" });
  const { mta, status } = r.json.data;
  expect(mta.product.name).toBe("Hermod");
  for (const period of ["total", "lastHr", "lastMin", "topPerHr", "topPerMin"]) {
    for (const dir of ["in", "out"]) expect(Object.keys(status.traffic[period][dir]).sort()).toEqual(["kb", "msg", "rcp"]);
  }
  // The monitor counts what was received: this test sent 3 recipients in 2 messages.
  expect(status.traffic.total.in.msg).toBeGreaterThanOrEqual(2);
  expect(Object.keys(status.conn.smtpIn).sort()).toEqual(["cur", "max", "top"]);
  expect(status.spool.initPct).toBe(100);
  expect(status.status).toBe("running");
});

test("without a key, an address http-access does not allow gets 401; an allowed one reads", async () => {
  const refused = await mgmt("/status?format=json", { localAddress: "127.0.0.2" });
  expect(refused.status).toBe(401);
  expect(refused.json).toMatchObject({ status: "error", error: "unauthorized" });
  expect((await mgmt("/status?format=json", { localAddress: "127.0.0.2", key: "not-a-key" })).status).toBe(401);
  expect((await mgmt("/status?format=json", { localAddress: "127.0.0.2", key: cliKey() })).status).toBe(200);
  // 127.0.0.1 has PowerMTA's default `monitor` level: it reads without a key.
  expect((await mgmt("/queues")).status).toBe(200);
});

test("`hermod show queues --json` lists the console's queues with the same counts; `hermod pause queue` acts", async ({ page }) => {
  // Each `hermod` run starts Node and tsx (~2-3 s on a busy machine).
  test.setTimeout(120_000);
  expect(await hermod("pause", "queue", domainA)).toContain(`Queue ${domainA} paused.`);
  await login(page, ADMIN.username, ADMIN.password);

  await expect
    .poll(
      async () => {
        const cli = JSON.parse(await hermod("show", "queues", "--json"));
        // The console's monitor lists the 20 queues with most recipients; this run has fewer.
        const consoleSnapshot = await (await page.request.get("/api/monitor/snapshot")).json();
        const fromCli = Object.fromEntries(cli.data.queue.map((q: { name: string; rcp: number; msg: number }) => [q.name, [q.rcp, q.msg]]));
        const fromConsole = Object.fromEntries(consoleSnapshot.topQueues.map((q: { key: string; recipients: number; messages: number }) => [q.key, [q.recipients, q.messages]]));
        const sorted = (o: Record<string, unknown>) => JSON.stringify(o, Object.keys(o).sort());
        return { fewQueues: consoleSnapshot.queueCount <= 20, same: sorted(fromCli) === sorted(fromConsole), a: fromCli[`${domainA}/{default}`], b: fromCli[`${domainB}/{default}`] };
      },
      { timeout: 60_000 },
    )
    .toEqual({ fewQueues: true, same: true, a: [2, 1], b: [1, 1] });

  const paused = JSON.parse(await hermod("show", "queues", "--paused=yes", "--json", `${domainA}`));
  expect(paused.data.queue).toMatchObject([{ name: `${domainA}/{default}`, paused: true, rcp: 2 }]);
  const table = await hermod("show", "queues", domainB);
  expect(table).toMatch(new RegExp(`${domainB.replace(/\./g, "\\.")}/\\{default\\}\\s+1\\s`));

  // The same documents under /api/v1 on the console port, with the session or the key.
  const v1 = await (await page.request.get("/api/v1/queues?queue=*.status.test")).json();
  expect(v1.data.queue.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining([`${domainA}/{default}`, `${domainB}/{default}`]));
  expect(v1.data.queue.every((q: { name: string }) => q.name.includes(".status.test/"))).toBe(true);
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.get(`${new URL(page.url()).origin}/api/v1/status`)).status()).toBe(401);
  expect((await anonymous.request.get(`${new URL(page.url()).origin}/api/v1/status`, { headers: { "x-api-key": cliKey() } })).status()).toBe(200);
  await anonymous.close();

  // Leave no mail behind for later specs: `hermod delete` bounces it (no DSN). Queue A is paused, so
  // none of its recipients is in flight; B's one may be mid-retry (then it is not deleted this time).
  expect(await hermod("delete", `--queue=${domainA}`)).toContain("2 recipients deleted.");
  expect(await hermod("delete", `--queue=${domainB}`)).toMatch(/^[01] recipients? deleted\./m);
  expect(await hermod("resume", "queue", domainA)).toContain(`Queue ${domainA} resumed.`);
});

import { expect, test } from "@playwright/test";
import { ADMIN, login } from "./helpers";

test("the monitor renders counters, the throughput chart, queues and a freshness label", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  for (const id of ["stat-received", "stat-delivered", "stat-deferred", "stat-bounced"]) {
    await expect(page.getByTestId(id)).toHaveText(/^[\d,]+$/);
  }
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("monitor-freshness")).toContainText("updated");
  // Engine or not, the page says which: a running engine or an explicit "not running" notice.
  await expect(page.getByTestId("engine-running").or(page.getByTestId("engine-not-running"))).toBeVisible();
  // The live stream connects (SSE); the polling fallback would show "Polling".
  await expect(page.getByTestId("monitor-transport")).toHaveText("Live");
  await page.screenshot({ path: test.info().outputPath("monitor.png"), fullPage: true });
});

test("monitor API routes refuse anonymous requests", async ({ request }) => {
  expect((await request.get("/api/monitor/snapshot")).status()).toBe(401);
  expect((await request.get("/api/monitor/stream")).status()).toBe(401);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
});

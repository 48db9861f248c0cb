import { expect, test } from "@playwright/test";
import { ADMIN, login } from "../console/helpers";

test("the monitor's routes refuse anonymous requests and reject a bad hourly query", async ({ page, request }) => {
  expect((await request.get("/api/monitor/hourly")).status()).toBe(401);
  expect((await request.get("/api/monitor/hourly?range=7d")).status()).toBe(401);
  await login(page, ADMIN.username, ADMIN.password);
  const bad = await page.request.get("/api/monitor/hourly?range=1y");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fields.range).toBeDefined();
  const ok = await page.request.get("/api/monitor/hourly?range=7d");
  expect(ok.status()).toBe(200);
  expect((await ok.json()).points).toHaveLength(168);
});

test("the live feed carries queue health, top queues, failures and traffic, not every queue", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  const snap = await (await page.request.get("/api/monitor/snapshot")).json();
  expect(snap).toMatchObject({ engine: { state: "running" }, queueCount: expect.any(Number), failures: { lastHour: { domains: expect.any(Array), categories: expect.any(Array) } } });
  expect(snap).not.toHaveProperty("queues");
  expect(snap.topQueues.length).toBeLessThanOrEqual(20);
  expect(Object.keys(snap.traffic)).toEqual(["lastMin", "lastHr", "sinceStart"]);
  expect(Array.isArray(snap.vmtas) && Array.isArray(snap.pools) && Array.isArray(snap.jobs)).toBe(true);
  await expect(page.getByTestId("traffic-table")).toBeVisible();
  await expect(page.getByTestId("vmta-table")).toBeVisible();
  await expect(page.getByTestId("hourly-total")).toContainText("in the last 24 hours");
});

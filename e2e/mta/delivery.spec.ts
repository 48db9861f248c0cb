import { expect, test } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink({ port: E2E_SINK_PORT });
});
test.afterAll(async () => {
  await sink?.close();
});

const count = async (page: import("@playwright/test").Page, id: string) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ""));

test("a message sent over SMTP reaches the sink and the monitor counts it without a reload", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByTestId("monitor-transport")).toHaveText("Live");
  const delivered = await count(page, "stat-delivered");
  const received = await count(page, "stat-received");

  const subject = `e2e ${Date.now()}`;
  const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@e2e.test", to: ["someone@example.test"], body: `Subject: ${subject}\r\n\r\nhello\r\n` });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.messages.some((m) => m.data.toString().includes(subject)), { timeout: 15_000 }).toBe(true);

  await expect.poll(() => count(page, "stat-delivered"), { timeout: 15_000 }).toBeGreaterThan(delivered);
  await expect.poll(() => count(page, "stat-received"), { timeout: 15_000 }).toBeGreaterThan(received);
  await expect(page.getByTestId("monitor-transport")).toHaveText("Live");
});

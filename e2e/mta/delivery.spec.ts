import { expect, test, type Page } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink({ port: E2E_SINK_PORT });
});
test.afterAll(async () => {
  await sink?.close();
});

const count = async (page: Page, id: string) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ""));

test("every role watches a message sent over SMTP reach the sink and the monitor, without a reload", async ({ browser }) => {
  // Three logins and two users created through the UI (bcrypt each time): more than 30 s on a busy 2-core CI.
  test.setTimeout(90_000);
  const admin = await (await browser.newContext()).newPage();
  await login(admin, ADMIN.username, ADMIN.password);
  const operator = uniqueUsername("op");
  const viewer = uniqueUsername("view");
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
  await admin.goto("/monitor");

  const pages: Page[] = [admin];
  for (const username of [operator, viewer]) {
    const page = await (await browser.newContext()).newPage();
    await login(page, username, USER_PASSWORD);
    pages.push(page);
  }
  const before = new Map<Page, { delivered: number; received: number }>();
  for (const page of pages) {
    await expect(page.getByTestId("monitor-transport")).toHaveText("Live");
    before.set(page, { delivered: await count(page, "stat-delivered"), received: await count(page, "stat-received") });
  }

  const subject = `e2e ${Date.now()}`;
  const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@e2e.test", to: ["someone@example.test"], body: `Subject: ${subject}\r\n\r\nhello\r\n` });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.messages.some((m) => m.data.toString().includes(subject)), { timeout: 15_000 }).toBe(true);

  for (const page of pages) {
    await expect.poll(() => count(page, "stat-delivered"), { timeout: 15_000 }).toBeGreaterThan(before.get(page)!.delivered);
    await expect.poll(() => count(page, "stat-received"), { timeout: 15_000 }).toBeGreaterThan(before.get(page)!.received);
    await expect(page.getByTestId("monitor-transport")).toHaveText("Live");
    await page.context().close();
  }
});

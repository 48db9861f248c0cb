import { expect, test, type Browser, type Page } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";

const operator = uniqueUsername("alert-op");
const viewer = uniqueUsername("alert-view");
/** A destination the sink keeps deferring (451), so its mail stays queued. */
const stuckDomain = `${uniqueUsername("stuck")}.test`;
const ruleName = `Stuck ${stuckDomain}`;

let sink: Sink;
let createRequest: { actionId: string; body: string };

async function signedIn(browser: Browser, username: string, password = USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  sink = await startSink({ port: E2E_SINK_PORT, script: { rcpt: (a) => (a.toLowerCase().endsWith(`@${stuckDomain}`) ? "451 4.3.0 try again later" : undefined) } });
  const admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
  await admin.context().close();
});

test.afterAll(async () => {
  await sink?.close();
});

test("an operator's queue-size rule fires for mail the destination keeps deferring", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, operator);
  await page.goto("/alerts");
  const form = page.getByTestId("rule-form");

  // Bad input is refused field by field.
  await form.getByLabel("Name").fill(ruleName);
  await form.getByLabel("When").selectOption("queue-size");
  await form.getByLabel(/^Threshold/).fill("-1");
  await form.getByLabel("Queue").fill(stuckDomain);
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByText("Must be 0 or more")).toBeVisible();

  await form.getByLabel(/^Threshold/).fill("0");
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    form.getByRole("button", { name: "Add rule" }).click(),
  ]);
  createRequest = { actionId: request.headers()["next-action"], body: request.postData() ?? "" };
  await expect(page.getByTestId("alerts-message")).toHaveText(`Rule "${ruleName}" created.`);
  await expect(page.getByTestId(`rule-row-${ruleName}`)).toContainText("Queue size above 0 recipients");

  const r = await sendRaw(E2E_SMTP_PORT, { from: "app@e2e.test", to: [`someone@${stuckDomain}`], body: "Subject: stuck\r\n\r\nhello\r\n" });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.attemptsFor(`someone@${stuckDomain}`).length, { timeout: 15_000 }).toBeGreaterThan(0);

  // The evaluator runs every 15 s; the page refreshes itself as often.
  const row = page.locator('[data-testid^="alert-row-"]', { hasText: `${stuckDomain}/{default}` });
  await expect(row).toBeVisible({ timeout: 45_000 });
  await expect(row).toHaveAttribute("data-state", "firing");
  await expect(row).toContainText(ruleName);
  await expect(row).toContainText("holds 1 recipient (threshold 0)");
  await expect(row).toContainText("Console only");
  await expect(page.getByTestId("open-alerts-banner")).toBeVisible();
  await page.context().close();
});

test("a viewer sees the alert but no rule controls, and the server refuses the rule action", async ({ browser, baseURL }) => {
  const page = await signedIn(browser, viewer);
  await page.goto("/alerts");
  await expect(page.locator('[data-testid^="alert-row-"]', { hasText: `${stuckDomain}/{default}` })).toBeVisible();
  await expect(page.getByTestId(`rule-row-${ruleName}`)).toBeVisible();
  await expect(page.getByTestId("rule-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

  const res = await page.request.post("/alerts", {
    headers: { "next-action": createRequest.actionId, "content-type": "text/plain;charset=UTF-8", origin: baseURL!, accept: "text/x-component" },
    data: createRequest.body,
  });
  expect(res.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId(`rule-row-${ruleName}`)).toHaveCount(1);
  await page.context().close();
});

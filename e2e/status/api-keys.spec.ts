/**
 * An admin creates a status-API key in the console, sees it once, and a script uses it on the
 * management port with that key's role; after the admin revokes it, the key is refused.
 */

import { expect, test } from "@playwright/test";
import { E2E_MGMT_PORT } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";

const mgmt = (path: string, key: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${E2E_MGMT_PORT}${path}`, { ...init, headers: { "x-api-key": key, "content-type": "application/json", ...(init.headers ?? {}) } });

test("an admin creates a viewer key, a script reads with it but cannot act, and a revoked key is refused", async ({ page }) => {
  test.setTimeout(60_000);
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto("/api-keys");
  const name = `grafana-${Date.now().toString(36)}`;
  const form = page.getByTestId("create-api-key-form");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("api-keys-message")).toContainText(`API key "${name}" created (viewer)`);
  const secret = (await page.getByTestId("api-key-secret").innerText()).trim();
  expect(secret).toMatch(/^hk_[0-9a-f]{64}$/);
  const row = page.getByTestId(`api-key-row-${name}`);
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row).not.toContainText(secret);

  const status = await mgmt("/status?format=json", secret);
  expect(status.status).toBe(200);
  expect((await status.json()).data.status.status).toBe("running");
  const refused = await mgmt("/commands", secret, { method: "POST", body: JSON.stringify({ action: "pause-queue", queue: "example.test" }) });
  expect(refused.status).toBe(403);

  // After a reload the secret is gone from the page: it was shown once.
  await page.reload();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  await expect(page.getByTestId(`api-key-row-${name}`)).not.toContainText("never");

  await page.getByTestId(`api-key-row-${name}`).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-keys-message")).toHaveText(`API key "${name}" revoked.`);
  // The management port remembers a key's lookup for 5 s.
  await expect.poll(async () => (await mgmt("/status", secret)).status, { timeout: 15_000 }).toBe(401);
});

/**
 * (d) The compliance and authentication directives in the block editors: an admin, only by clicking,
 * adds a named source that verifies inbound authentication and an SMTP user bound to it who may send
 * only as e2e.test; a bad value is refused as it is typed with the compiler's message, and the
 * applied file has the directives.
 */

import { expect, test } from "@playwright/test";
import { ADMIN, login } from "../console/helpers";
import { applied, openConfigTab } from "./helpers";

test("an admin sets verify-inbound-auth on a source and allowed-mail-from on an SMTP user by clicking", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);

  await openConfigTab(page, "Sources");
  await page.getByRole("button", { name: "Add source" }).click();
  await page.getByLabel("CIDR or name").fill("e2e-inbound");
  await page.getByLabel("verify-inbound-auth", { exact: true }).selectOption("yes");
  await page.getByLabel("verify-inbound-auth-timeout").fill("10x");
  await expect(page.getByTestId("field-error-source-field-verify-inbound-auth-timeout")).toContainText('invalid time interval "10x"');
  await expect(page.getByRole("button", { name: "Save and apply" })).toBeDisabled();
  await page.getByLabel("verify-inbound-auth-timeout").fill("2s");
  await applied(page, () => page.getByRole("button", { name: "Save and apply" }).click());
  await expect(page.getByTestId("block-row-source-e2e-inbound")).toBeVisible();

  await page.getByRole("tab", { name: "SMTP users" }).click();
  await page.getByRole("button", { name: "Add SMTP user" }).click();
  await page.getByLabel("User name").fill("e2e-sender");
  await page.getByLabel("password", { exact: true }).fill("e2e-sender-pw-0001");
  await page.getByLabel("source", { exact: true }).selectOption("e2e-inbound");
  await page.getByRole("button", { name: "Add allowed-mail-from" }).click();
  await page.getByLabel("allowed-mail-from 1").fill("e2e.test, not a domain");
  await expect(page.getByTestId("field-error-smtp-user-field-allowed-mail-from-1")).toContainText('invalid domain "not a domain"');
  await expect(page.getByRole("button", { name: "Save and apply" })).toBeDisabled();
  await page.getByLabel("allowed-mail-from 1").fill("e2e.test, *.e2e.test");
  await applied(page, () => page.getByRole("button", { name: "Save and apply" }).click());
  await expect(page.getByTestId("block-row-smtp-user-e2e-sender")).toContainText("e2e.test, *.e2e.test");

  await page.getByRole("tab", { name: "File" }).click();
  const lines = page.getByTestId("config-lines");
  await expect(lines).toContainText("<source e2e-inbound>");
  await expect(lines).toContainText("verify-inbound-auth yes");
  await expect(lines).toContainText("verify-inbound-auth-timeout 2s");
  await expect(lines).toContainText("<smtp-user e2e-sender>");
  await expect(lines).toContainText("source e2e-inbound");
  await expect(lines).toContainText("allowed-mail-from e2e.test, *.e2e.test");
});

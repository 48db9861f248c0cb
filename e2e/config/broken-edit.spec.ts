/**
 * (b) A broken edit is refused with its line number, nothing changes, and the engine keeps delivering.
 */

import { expect, test } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";
import { latestRevision, openConfigTab } from "./helpers";

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink({ port: E2E_SINK_PORT });
});
test.afterAll(async () => {
  await sink?.close();
});

test("broken edits are refused with their line, and mail keeps flowing", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  const before = await latestRevision(page);

  // The text editor: a bad unit inside <domain *>.
  await openConfigTab(page, "Edit text");
  const editor = page.getByLabel("Configuration text");
  const lines = (await editor.inputValue()).split("\n");
  const at = lines.findIndex((l) => l.trim() === "<domain *>") + 1;
  lines.splice(at, 0, "    retry-after 10x");
  await editor.fill(lines.join("\n"));
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  const message = page.getByTestId("config-message");
  await expect(message).toHaveAttribute("data-ok", "false");
  await expect(message).toContainText(`nothing was changed. First: line ${at + 1}, col 17: invalid time interval "10x"`);
  await expect(message.locator(`[data-testid=diagnostic][data-severity=error][data-line="${at + 1}"]`)).toBeVisible();

  // A block editor: the field is checked as it is typed, with the engine's parser.
  await page.getByRole("tab", { name: "Domains" }).click();
  await page.getByTestId("block-row-domain-*").getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("retry-after").fill("10x");
  await expect(page.getByTestId("field-error-domain-field-retry-after")).toContainText('invalid time interval "10x"');
  await expect(page.getByRole("button", { name: "Save and apply" })).toBeDisabled();
  await page.getByRole("button", { name: "Cancel" }).click();

  // A block edit whose values parse but whose file does not compile: refused with the line.
  await page.getByRole("tab", { name: "Sources" }).click();
  await page.getByTestId("block-row-source-127.0.0.1").getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("pattern-list").fill("no-such-list");
  await page.getByRole("button", { name: "Save and apply" }).click();
  await expect(message).toHaveAttribute("data-ok", "false");
  await expect(message).toContainText(/First: line \d+, col \d+: .*no-such-list/);

  // Nothing changed, and the engine still delivers.
  expect(await latestRevision(page)).toBe(before);
  await expect(page.getByTestId("config-lines")).not.toContainText("10x");
  await expect(page.getByTestId("config-lines")).not.toContainText("no-such-list");
  const subject = `after a broken edit ${Date.now()}`;
  const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@e2e.test", to: ["someone@example.test"], body: `Subject: ${subject}\r\n\r\nstill here\r\n` });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.messages.some((m) => m.data.toString().includes(subject)), { timeout: 15_000 }).toBe(true);
});

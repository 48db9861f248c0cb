/**
 * (c) The acceptance test of the config console: an admin, only by clicking, adds a VirtualMTA with its
 * own source address and HELO name and lets the local source pick it with X-Virtual-MTA; a message
 * sent with that header then leaves from that address with that HELO.
 */

import { expect, test } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, login } from "../console/helpers";
import { applied, openConfigTab } from "./helpers";

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink({ port: E2E_SINK_PORT });
});
test.afterAll(async () => {
  await sink?.close();
});

test("an admin creates vmta-e2e by clicking, and X-Virtual-MTA mail leaves from 127.0.0.2 with its HELO", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);

  await openConfigTab(page, "Virtual MTAs");
  await page.getByRole("button", { name: "Add VirtualMTA" }).click();
  await page.getByLabel("Name", { exact: true }).fill("vmta-e2e");
  await page.getByRole("button", { name: "Add source address" }).click();
  await page.getByLabel("Source IP 1").fill("127.0.0.2");
  await page.getByLabel("HELO name 1").fill("vmta-e2e.hermod.test");
  await page.getByLabel("Comment (optional)").fill("e2e: a VirtualMTA of its own");
  await applied(page, () => page.getByRole("button", { name: "Save and apply" }).click());
  await expect(page.getByTestId("block-row-virtual-mta-vmta-e2e")).toContainText("127.0.0.2 vmta-e2e.hermod.test");

  await page.getByRole("tab", { name: "Sources" }).click();
  await page.getByTestId("block-row-source-127.0.0.1").getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("process-x-virtual-mta").selectOption("yes");
  await applied(page, () => page.getByRole("button", { name: "Save and apply" }).click());

  await page.getByRole("tab", { name: "File" }).click();
  await expect(page.getByTestId("config-lines")).toContainText("smtp-source-host 127.0.0.2 vmta-e2e.hermod.test");
  await expect(page.getByTestId("config-lines")).toContainText("process-x-virtual-mta yes");

  const subject = `vmta-e2e ${Date.now()}`;
  const r = await sendRaw(E2E_SMTP_PORT, {
    from: "sender@e2e.test",
    to: ["someone@example.test"],
    body: `X-Virtual-MTA: vmta-e2e\r\nSubject: ${subject}\r\n\r\nrouted by header\r\n`,
  });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.messages.find((m) => m.data.toString().includes(subject)), { timeout: 20_000 }).toBeTruthy();
  const received = sink.messages.find((m) => m.data.toString().includes(subject))!;
  expect(received.remoteAddress).toMatch(/(^|:)127\.0\.0\.2$/);
  expect(received.helo).toBe("vmta-e2e.hermod.test");
});

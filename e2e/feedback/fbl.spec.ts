import { expect, test } from "@playwright/test";
import { ARF, crlf } from "../../mta/testing/report-samples";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, createUserViaUi, login, uniqueUsername, USER_PASSWORD } from "../console/helpers";

/** The FBL address of the e2e server's <feedback-loop-processor> (playwright.config.ts). */
const FBL = "fbl@e2e.hermod.test";
/** ISPs send reports from outside: 127.0.0.2 is not a relaying source of the e2e server. */
const OUTSIDE = "127.0.0.2";

test("an ARF report sent to the FBL address produces an f record in the console, and the complainant is suppressed", async ({ browser }) => {
  test.setTimeout(60_000);
  const complainant = `${uniqueUsername("angry")}@isp.test`;
  const report = ARF.replace("Original-Rcpt-To: <Alice@isp.test>\n", `Original-Rcpt-To: <${complainant}>\n`).replace("Original-Rcpt-To: <bob@isp.test>\n", "");

  const sent = await sendRaw(E2E_SMTP_PORT, { from: "fbl@isp.test", to: [FBL], body: crlf(report), localAddress: OUTSIDE });
  expect(sent.rcpt[0]).toMatch(/^250/);
  expect(sent.data).toMatch(/^250/);

  // A viewer reads the records.
  const admin = await (await browser.newContext()).newPage();
  await login(admin, ADMIN.username, ADMIN.password);
  const viewer = uniqueUsername("fbl-view");
  await admin.goto("/users");
  await createUserViaUi(admin, viewer, "viewer");
  await admin.context().close();
  const page = await (await browser.newContext()).newPage();
  await login(page, viewer, USER_PASSWORD);
  await page.getByRole("link", { name: "Feedback loops" }).click();
  await expect(page).toHaveURL(/\/feedback$/);

  await page.getByLabel("Recipient").fill(complainant);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId("feedback-row").filter({ hasText: complainant });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("abuse");
  await expect(row).toContainText("arf");
  await expect(row).toContainText("spring-sale");
  await expect(row).toContainText("Spring sale");
  await expect(page.getByTestId("feedback-counts")).toContainText(/abuse: \d+/);

  // The complainant is suppressed: the next message to them is refused at RCPT with the list's name.
  await expect(async () => {
    const r = await sendRaw(E2E_SMTP_PORT, { from: "news@e2e.hermod.test", to: [complainant], body: "Subject: again\r\n\r\nHello\r\n" });
    expect(r.rcpt[0]).toBe('550 5.7.1 recipient is in suppression list "complaints"');
  }).toPass({ timeout: 20_000 });

  // A malformed search is refused with a message, not widened.
  await page.goto("/feedback?type=zz");
  await expect(page.getByTestId("feedback-error")).toContainText("Type is f (complaint), rb (remote bounce) or rs (remote status).");
});

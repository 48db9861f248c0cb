import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";

const operator = uniqueUsername("supp-op");
const viewer = uniqueUsername("supp-view");
const listName = uniqueUsername("optouts");
const domain = `${uniqueUsername("dst")}.test`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** 10,000 lines: a header, plaintext and SHA-256 addresses, and 5 malformed rows at known lines. */
function tenThousandLineCsv(): { file: string; malformed: number[] } {
  const lines = ["email,name"];
  const malformed: number[] = [];
  for (let i = 1; lines.length < 10_000; i++) {
    if (i % 2000 === 1000) {
      lines.push(`broken-row-${i},x`);
      malformed.push(lines.length);
    } else if (i % 3 === 0) lines.push(sha256(`hashed${i}@${domain}`));
    else lines.push(`plain${i}@${domain},Person ${i}`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-supp-")), "optouts.csv");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return { file, malformed };
}

let sink: Sink;

async function signedIn(browser: Browser, username: string, password = USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  sink = await startSink({ port: E2E_SINK_PORT });
  const admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, operator, "operator");
  await createUserViaUi(admin, viewer, "viewer");
  await admin.context().close();
});

test.afterAll(async () => {
  await sink?.close();
});

test("an operator uploads a 10,000-line CSV; malformed rows are reported and suppressed recipients are refused at RCPT", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, operator);
  await page.getByRole("link", { name: "Suppression" }).click();
  await expect(page).toHaveURL(/\/suppression$/);

  const form = page.getByTestId("create-list-form");
  await form.getByLabel("Name").fill(listName);
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page.getByTestId("suppression-message")).toHaveText(`Suppression list "${listName}" created.`);
  await page.getByRole("link", { name: listName }).click();
  await expect(page.getByTestId("suppression-list-panel")).toContainText(listName);

  const { file, malformed } = tenThousandLineCsv();
  await page.getByLabel("Upload a CSV or TXT").setInputFiles(file);
  await page.getByTestId("suppression-upload").getByRole("button", { name: "Upload", exact: true }).click();
  const report = page.getByTestId("suppression-import");
  await expect(report).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("suppression-import-counts")).toHaveText("9,999 rows read · 9,994 added · 0 duplicates · 5 invalid");
  const errors = page.getByTestId("suppression-import-errors").getByRole("row");
  await expect(errors).toHaveCount(1 + malformed.length);
  await expect(errors.nth(1)).toContainText(String(malformed[0]));
  await expect(errors.nth(1)).toContainText(`broken-row-1000,x`);
  await expect(errors.nth(1)).toContainText("not an address, a domain, a SHA-256 or an MD5");
  await expect(page.getByTestId("suppression-list-panel")).toContainText("9,994 entries");

  // A plaintext-listed and a SHA-256-listed recipient are refused with the list's name; others pass.
  const refused = `550 5.7.1 recipient is in suppression list "${listName}"`;
  const r = await sendRaw(E2E_SMTP_PORT, { from: "sender@src.test", to: [`plain1@${domain}`, `HASHED3@${domain}`, `someone-else@${domain}`], body: `Subject: hi\r\n\r\nhello\r\n` });
  expect(r.rcpt).toEqual([refused, refused, expect.stringMatching(/^250/)]);
  expect(r.data).toMatch(/^250/);
  // The sink is shared with earlier specs (their retried mail may still arrive): look for this domain's.
  const toDomain = () => sink.messages.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));
  await expect.poll(() => toDomain().length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(toDomain().map((m) => m.to)).toEqual([[`someone-else@${domain}`]]);

  // Search finds the hashed entry from the plaintext address; removing it lets the address through again.
  await page.getByLabel("Address, domain or hash").fill(`hashed3@${domain}`);
  await page.getByTestId("suppression-search").getByRole("button", { name: "Search" }).click();
  const found = page.getByTestId("suppression-entries").first();
  await expect(found).toContainText(sha256(`hashed3@${domain}`));
  await found.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText(`1 removed from "${listName}".`).first()).toBeVisible();
  const again = await sendRaw(E2E_SMTP_PORT, { from: "sender@src.test", to: [`hashed3@${domain}`], body: `Subject: hi\r\n\r\nhello\r\n` });
  expect(again.rcpt[0]).toMatch(/^250/);
  await page.context().close();
});

test("a non-text upload gets a clear error, and a viewer can read but not change lists", async ({ browser, request }) => {
  const page = await signedIn(browser, operator);
  await page.goto("/suppression");
  await page.getByRole("link", { name: listName }).click();
  const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-supp-")), "list.csv");
  fs.writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]));
  await page.getByLabel("Upload a CSV or TXT").setInputFiles(zip);
  await page.getByTestId("suppression-upload").getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByTestId("suppression-list-message")).toContainText("not a text file");
  await page.context().close();

  const view = await signedIn(browser, viewer);
  await view.goto("/suppression");
  await expect(view.getByRole("link", { name: listName })).toBeVisible();
  await expect(view.getByTestId("create-list-form")).toHaveCount(0);
  const id = new URL((await view.getByRole("link", { name: listName }).getAttribute("href"))!, "http://x").searchParams.get("list");
  const upload = await view.request.post(`/api/suppression/lists/${id}/upload?name=x.txt`, { data: "a@b.test\n", headers: { "content-type": "text/plain" } });
  expect(upload.status()).toBe(403);
  const exported = await view.request.get(`/api/suppression/lists/${id}/export`);
  expect(exported.status()).toBe(200);
  const csv = await exported.text();
  expect(csv.split("\n")[0]).toBe("value,kind,origin,added_at");
  expect(csv).toContain(`plain1@${domain},address,upload,`);
  expect(csv).toContain(`${sha256(`hashed6@${domain}`)},sha256,upload,`);
  expect(csv).not.toContain(`hashed6@${domain}`);
  void request;
  await view.context().close();
});

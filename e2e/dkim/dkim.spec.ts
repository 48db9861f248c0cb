import verifyModule from "mailauth/lib/dkim/verify.js";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { sendRaw } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { ADMIN, USER_PASSWORD, createUserViaUi, login, uniqueUsername } from "../console/helpers";

/**
 * A new operator's path: generate a key on /dkim, publish the record it shows (here: a resolver stub
 * that answers with it), send mail, and check the message captured at the sink with mailauth.
 */

let sink: Sink;
let admin: Page;
const viewer = uniqueUsername("dkimview");
const selector = `e2e${Date.now().toString(36)}`;
const DOMAIN = "e2e-dkim.test";
const published = new Map<string, string>();
const resolver = async (name: string, rrtype: string) => {
  const record = rrtype === "TXT" ? published.get(name.toLowerCase()) : undefined;
  if (record === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return [[record]];
};

async function signedIn(browser: Browser, username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username, password);
  return page;
}

async function sendAndCapture(subject: string): Promise<Buffer> {
  const body = `From: News <news@${DOMAIN}>\r\nTo: <reader@example.test>\r\nSubject: ${subject}\r\n\r\nHello from the DKIM e2e test.\r\n`;
  const r = await sendRaw(E2E_SMTP_PORT, { from: `bounce@${DOMAIN}`, to: ["reader@example.test"], body });
  expect(r.data).toMatch(/^250 /);
  await expect.poll(() => sink.messages.some((m) => m.data.toString().includes(`Subject: ${subject}\r\n`)), { timeout: 15_000 }).toBe(true);
  return sink.messages.find((m) => m.data.toString().includes(`Subject: ${subject}\r\n`))!.data;
}

test.beforeAll(async ({ browser }) => {
  sink = await startSink({ port: E2E_SINK_PORT });
  admin = await signedIn(browser, ADMIN.username, ADMIN.password);
  await admin.goto("/users");
  await createUserViaUi(admin, viewer, "viewer");
});
test.afterAll(async () => {
  await admin?.context().close();
  await sink?.close();
});

test("an admin generates an Ed25519 key; mail is signed and verifies at the sink, and fails once altered", async () => {
  await admin.goto("/dkim");
  await admin.getByLabel("Selector").fill(selector);
  await admin.getByLabel("Domain").fill(DOMAIN);
  await admin.getByLabel("Key type").selectOption("ed25519-sha256");
  await admin.getByRole("button", { name: "Generate key" }).click();
  await expect(admin.getByTestId("dkim-message")).toContainText("The engine was reloaded.");
  await expect(admin.getByTestId("dkim-record-name")).toHaveText(`${selector}._domainkey.${DOMAIN}`);
  const record = await admin.getByTestId("dkim-record").innerText();
  expect(record).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
  await expect(admin.getByTestId(`dkim-row-${selector}-${DOMAIN}`)).toContainText(record);
  published.set(`${selector}._domainkey.${DOMAIN}`, record);

  const data = await sendAndCapture(`dkim-signed-${selector}`);
  const [result] = (await verifyModule.dkimVerify(data, { resolver })).results;
  expect(result).toMatchObject({ status: { result: "pass" }, signingDomain: DOMAIN, selector, algo: "ed25519-sha256" });

  const altered = Buffer.from(data);
  altered[altered.indexOf("Hello")] = "J".charCodeAt(0);
  const [broken] = (await verifyModule.dkimVerify(altered, { resolver })).results;
  expect(broken.status.result).not.toBe("pass");
});

test("an invalid uploaded key is refused with a clear message", async () => {
  await admin.goto("/dkim");
  await admin.getByRole("button", { name: "Upload PEM" }).click();
  await admin.getByLabel("Selector").fill("bad");
  await admin.getByLabel("Domain").fill(DOMAIN);
  await admin.getByLabel("Private key (PEM)").fill("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----");
  await admin.getByRole("button", { name: "Upload key" }).click();
  await expect(admin.getByTestId("dkim-message")).toContainText("That private key cannot sign");
  await admin.getByLabel("Selector").fill("bad_selector");
  await admin.getByRole("button", { name: "Upload key" }).click();
  await expect(admin.getByText("A selector is letters, digits and hyphens")).toBeVisible();
});

test("a viewer sees the keys and records but cannot change them; the server refuses the action too", async ({ browser, baseURL }) => {
  // Record the admin's delete request, without confirming it, to replay it as the viewer.
  await admin.goto("/dkim");
  const page = await signedIn(browser, viewer, USER_PASSWORD);
  await page.goto("/dkim");
  await expect(page.getByTestId(`dkim-row-${selector}-${DOMAIN}`)).toBeVisible();
  await expect(page.getByTestId("dkim-key-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

  admin.once("dialog", (d) => void d.accept());
  const [request] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    admin.getByTestId(`dkim-row-${selector}-${DOMAIN}`).getByRole("button", { name: "Delete" }).click(),
  ]);
  await expect(admin.getByTestId("dkim-message")).toContainText("deleted");
  const res = await page.request.post("/dkim", {
    headers: { "next-action": request.headers()["next-action"], "content-type": "text/plain;charset=UTF-8", origin: baseURL!, accept: "text/x-component" },
    data: request.postData() ?? "",
  });
  expect(res.status()).toBe(403);
  await page.context().close();

  // The key is gone from the engine too: the next message goes out unsigned.
  const data = await sendAndCapture(`dkim-unsigned-${selector}`);
  expect(data.toString()).not.toMatch(/^DKIM-Signature:/im);
});

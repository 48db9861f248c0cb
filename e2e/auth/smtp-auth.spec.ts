/**
 * Issue 6 item 5 as a new operator checks it: an admin adds an `<smtp-user>` with `allowed-mail-from`
 * in the console's config editor and applies it; without a restart the running listener refuses AUTH
 * in plaintext (538 5.7.11), gives an unknown user and a wrong password the same 535, and refuses the
 * authenticated user a sender domain it does not own (553 5.7.1) while relaying its own. The e2e server
 * has no TLS certificate, so the authenticated session comes from 127.0.0.2, a source the added config
 * lets authenticate in clear (`allow-unencrypted-plain-auth`); the TLS path is covered by
 * mta/smtp-in/auth.test.ts.
 */

import { expect, test } from "@playwright/test";
import { RawSmtp } from "../../mta/testing/raw-smtp";
import { startSink, type Sink } from "../../mta/testing/sink";
import { E2E_SINK_PORT, E2E_SMTP_PORT } from "../../playwright.config";
import { applied, openConfigTab } from "../config/helpers";
import { ADMIN, login } from "../console/helpers";

const USER = "e2e-auth-user";
const SECRET = "e2e-auth-secret-0001";
const plain = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`).toString("base64");

let sink: Sink;
const open: RawSmtp[] = [];
test.beforeAll(async () => {
  sink = await startSink({ port: E2E_SINK_PORT });
});
test.afterAll(async () => {
  for (const c of open) c.close();
  await sink?.close();
});

async function session(localAddress: string): Promise<{ c: RawSmtp; ehlo: string }> {
  const c = await RawSmtp.connect(E2E_SMTP_PORT, "127.0.0.1", localAddress);
  open.push(c);
  expect(await c.reply()).toMatch(/^220 /);
  return { c, ehlo: await c.command("EHLO client.e2e.test") };
}

test("an SMTP user added in the console cannot authenticate in plaintext nor send as a domain it does not own", async ({ page }) => {
  await login(page, ADMIN.username, ADMIN.password);
  await openConfigTab(page, "Edit text");
  const editor = page.getByLabel("Configuration text");
  const added = [
    `<smtp-user ${USER}>`,
    `    password ${SECRET}`,
    "    allowed-mail-from auth-e2e.test, *.auth-e2e.test",
    "</smtp-user>",
    "<source 127.0.0.2>",
    "    allow-unencrypted-plain-auth yes",
    "</source>",
    "",
  ].join("\n");
  await editor.fill(`${await editor.inputValue()}\n${added}`);
  await page.getByLabel("Comment").fill("e2e: smtp auth user");
  await applied(page, () => page.getByRole("button", { name: "Apply", exact: true }).click());

  const clear = await session("127.0.0.1");
  expect(clear.ehlo).not.toMatch(/AUTH/);
  expect(await clear.c.command(`AUTH PLAIN ${plain(USER, SECRET)}`)).toBe("538 5.7.11 Encryption required for requested authentication mechanism");

  const { c, ehlo } = await session("127.0.0.2");
  expect(ehlo).toMatch(/AUTH PLAIN LOGIN/);
  const wrong = await c.command(`AUTH PLAIN ${plain(USER, "not-the-password")}`);
  const unknown = await c.command(`AUTH PLAIN ${plain("nobody-e2e", SECRET)}`);
  expect(wrong).toBe("535 5.7.8 Error: authentication failed");
  expect(unknown).toBe(wrong);
  expect(await c.command(`AUTH PLAIN ${plain(USER, SECRET)}`)).toMatch(/^235 /);
  expect(await c.command("MAIL FROM:<ceo@bank.test>")).toBe("553 5.7.1 <ceo@bank.test>: Sender address rejected: not owned by user");
  expect(await c.command("MAIL FROM:<news@auth-e2e.test>")).toMatch(/^250 /);
  expect(await c.command("RCPT TO:<reader@example.test>")).toMatch(/^250 /);
  expect(await c.command("DATA")).toMatch(/^354 /);
  c.write(`Subject: auth e2e ${Date.now()}\r\n\r\nhello\r\n.\r\n`);
  expect(await c.reply()).toMatch(/^250 /);
  await expect.poll(() => sink.messages.some((m) => m.from === "news@auth-e2e.test"), { timeout: 20_000 }).toBe(true);
});

/**
 * Test helper for the DSN tests: one SMTP transaction with DSN parameters on MAIL and RCPT (the raw
 * client's `sendRaw` takes MAIL parameters only), asserting each step is accepted. Test-only.
 */

import { expect } from "vitest";
import { RawSmtp } from "../testing/raw-smtp";

/** `mail` and each of `rcpts` as written after `MAIL FROM:` / `RCPT TO:`, e.g. `<a@x.test> NOTIFY=NEVER`. */
export async function injectWithParams(port: number, mail: string, rcpts: string[], body: string): Promise<void> {
  const c = await RawSmtp.connect(port);
  try {
    await c.reply();
    await c.command("EHLO client.test");
    expect(await c.command(`MAIL FROM:${mail}`)).toMatch(/^250/);
    for (const r of rcpts) expect(await c.command(`RCPT TO:${r}`)).toMatch(/^250/);
    expect(await c.command("DATA")).toMatch(/^354/);
    c.write(`${body}\r\n.\r\n`);
    expect(await c.reply()).toMatch(/^250/);
  } finally {
    c.close();
  }
}

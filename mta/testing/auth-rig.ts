/**
 * Helpers for the SMTP AUTH tests: an engine with a TLS certificate, `<smtp-user>` accounts and a sink,
 * and sessions that have done EHLO and (optionally) STARTTLS. Test-only.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { startHarness, type Harness } from "./harness";
import { RawSmtp } from "./raw-smtp";
import { loopbackRelayConfig } from "./relay-config";
import { startSink, type Sink } from "./sink";
import { makeTestCertificate } from "./test-cert";

export const APP_PASSWORD = "app-secret-9";
/** A low cost keeps the tests fast; the latency test uses its own, higher one. */
export const appHash = (cost = 4) => `{bcrypt}${bcrypt.hashSync(APP_PASSWORD, cost)}`;

export const plain = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`).toString("base64");
export const b64 = (s: string) => Buffer.from(s).toString("base64");

export interface AuthRig {
  h: Harness;
  sink: Sink;
  /** A session from `localAddress` after EHLO, upgraded to TLS (and EHLO again) unless `tls` is false. */
  session(opts?: { localAddress?: string; tls?: boolean }): Promise<RawSmtp & { ehlo: string }>;
  close(): Promise<void>;
}

export async function startAuthRig(opts: { global?: string[]; blocks?: string[]; sourceExtra?: string[] }): Promise<AuthRig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-auth-"));
  const certFile = makeTestCertificate(dir);
  const sink = await startSink();
  const h = await startHarness((port) =>
    loopbackRelayConfig({
      smtpPort: port,
      sinkPort: sink.port,
      hostName: "mta.hermod.test",
      global: [`smtp-server-tls-certificate ${certFile}`, ...(opts.global ?? [])],
      sourceExtra: opts.sourceExtra ?? [],
      blocks: opts.blocks ?? [],
      acctFile: false,
    }),
  );
  const open: RawSmtp[] = [];
  return {
    h,
    sink,
    async session({ localAddress, tls = true } = {}) {
      const c = await RawSmtp.connect(h.port, "127.0.0.1", localAddress);
      open.push(c);
      if (!/^220 /.test(await c.reply())) throw new Error("no greeting");
      let ehlo = await c.command("EHLO client.test");
      if (tls) {
        if (!/^220 /.test(await c.command("STARTTLS"))) throw new Error("STARTTLS refused");
        await c.startTls();
        ehlo = await c.command("EHLO client.test");
      }
      return Object.assign(c, { ehlo });
    },
    async close() {
      for (const c of open) c.close();
      await h.stop();
      await sink.close();
    },
  };
}

/** One message over an open session: MAIL, RCPT, DATA; returns each reply. */
export async function transaction(c: RawSmtp, from: string, to = "rcpt@dst.test", body = "Subject: t\r\n\r\nbody") {
  const mail = await c.command(`MAIL FROM:<${from}>`);
  if (!mail.startsWith("250")) return { mail, rcpt: null, data: null };
  const rcpt = await c.command(`RCPT TO:<${to}>`);
  if (!rcpt.startsWith("250")) return { mail, rcpt, data: null };
  const go = await c.command("DATA");
  if (!go.startsWith("354")) return { mail, rcpt, data: go };
  c.write(`${body}\r\n.\r\n`);
  return { mail, rcpt, data: await c.reply() };
}

/**
 * Outbound SMTP AUTH end to end: a real engine (harness) relays to small smtp-server smarthosts that
 * require AUTH, one per case. The hosts record every AUTH attempt (method, user, whether over TLS), so a
 * password sent in clear would show up here even when the host accepts it.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer, type SMTPServerAuthentication } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcctRecord } from "../records/acct-record";
import { startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { makeTestCertificate } from "../testing/test-cert";
import { xoauth2Response } from "./outbound-auth";

interface AuthSeen {
  method: string;
  user: string;
  secure: boolean;
}
interface Host {
  port: number;
  auths: AuthSeen[];
  /** Messages accepted: the authenticated user and the recipients. */
  messages: { user: string; to: string[] }[];
  close(): Promise<void>;
}

const PASSWORD = "s3cret-Pass";
const TOKEN = "ya29.static-token";

async function startHost(opts: { tls: boolean; methods: string[]; pem: string }): Promise<Host> {
  const auths: AuthSeen[] = [];
  const messages: Host["messages"] = [];
  const pem = fs.readFileSync(opts.pem);
  const server = new SMTPServer({
    secure: false,
    key: pem,
    cert: pem,
    hideSTARTTLS: !opts.tls,
    // The host itself would take credentials in clear: only Hermod can keep them off the wire.
    allowInsecureAuth: true,
    authMethods: opts.methods,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, session, callback) {
      const secure = Boolean((session as unknown as { secure?: boolean }).secure);
      auths.push({ method: auth.method, user: auth.username ?? "", secure });
      const good = auth.method === "XOAUTH2" ? auth.accessToken === TOKEN : auth.password === PASSWORD;
      if (auth.username !== "alice" || !good) {
        return callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        messages.push({ user: String(session.user ?? ""), to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, auths, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let dir: string;
let h: Harness;
const hosts: Record<string, Host> = {};

/** Domain → its smarthost and the domain's auth directives. */
const CASES: Record<string, { tls: boolean; methods: string[]; directives: string[] }> = {
  "plain.test": { tls: true, methods: ["PLAIN", "LOGIN"], directives: ["auth-username alice", `auth-password ${PASSWORD}`] },
  "login.test": { tls: true, methods: ["LOGIN"], directives: ["auth-username alice", `auth-password ${PASSWORD}`] },
  "oauth.test": { tls: true, methods: ["XOAUTH2"], directives: ["auth-username alice", `auth-oauth2-token ${TOKEN}`] },
  "wrong.test": { tls: true, methods: ["PLAIN", "LOGIN"], directives: ["auth-username alice", "auth-password nope"] },
  "clear.test": { tls: false, methods: ["PLAIN", "LOGIN"], directives: ["auth-username alice", `auth-password ${PASSWORD}`] },
  "clear-ok.test": {
    tls: false,
    methods: ["PLAIN", "LOGIN"],
    directives: ["auth-username alice", `auth-password ${PASSWORD}`, "use-unencrypted-plain-auth yes"],
  },
  "nosecret.test": { tls: true, methods: ["PLAIN"], directives: ["auth-username alice"] },
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-outbound-auth-"));
  const pem = makeTestCertificate(dir);
  for (const [domain, c] of Object.entries(CASES)) hosts[domain] = await startHost({ tls: c.tls, methods: c.methods, pem });
  const blocks = Object.entries(CASES).map(([d, c]) =>
    [`<domain ${d}>`, `    smtp-hosts [127.0.0.1]:${hosts[d].port}`, ...c.directives.map((x) => `    ${x}`), "    retry-after 1h", "</domain>"].join("\n"),
  );
  h = await startHarness((port) => loopbackRelayConfig({ smtpPort: port, sinkPort: 9, acctFile: false, blocks }));
  for (const d of Object.keys(CASES)) await sendRaw(h.port, { from: "a@src.test", to: [`u@${d}`], body: "Subject: auth\r\n\r\nhello\r\n" });
  await h.waitForRecords((rs) => Object.keys(CASES).every((d) => rs.some((r) => r.rcpt === `u@${d}`)), 20_000);
}, 30_000);

afterAll(async () => {
  await h?.stop();
  for (const host of Object.values(hosts)) await host.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const recordOf = (domain: string): AcctRecord => h.records.find((r) => r.rcpt === `u@${domain}`)!;

describe("outbound SMTP AUTH to a smarthost", () => {
  it.each([
    ["plain.test", "PLAIN"],
    ["login.test", "LOGIN"],
    ["oauth.test", "XOAUTH2"],
  ])("%s: delivers authenticated as the configured user with %s over TLS", (domain, method) => {
    expect(recordOf(domain)).toMatchObject({ type: "d" });
    expect(hosts[domain].auths).toEqual([{ method, user: "alice", secure: true }]);
    expect(hosts[domain].messages).toEqual([{ user: "alice", to: [`u@${domain}`] }]);
  });

  it("defers (4.7.8) with the host's reply when the password is refused, and sends nothing", () => {
    const r = recordOf("wrong.test");
    expect(r).toMatchObject({ type: "t", dsnAction: "delayed" });
    expect(r.dsnStatus.split(" ")[0]).toBe("4.7.8");
    expect(r.dsnDiag).toMatch(/authentication refused.*535.*Authentication credentials invalid/);
    expect(hosts["wrong.test"].messages).toEqual([]);
  });

  it("never sends the password in clear: without TLS the mail is deferred (4.7.0) before AUTH", () => {
    const r = recordOf("clear.test");
    expect(r).toMatchObject({ type: "t", dsnAction: "delayed" });
    expect(r.dsnStatus.split(" ")[0]).toBe("4.7.0");
    expect(r.dsnDiag).toMatch(/not sending credentials in clear/);
    expect(hosts["clear.test"].auths).toEqual([]);
    expect(hosts["clear.test"].messages).toEqual([]);
  });

  it("authenticates in clear only with use-unencrypted-plain-auth yes", () => {
    expect(recordOf("clear-ok.test")).toMatchObject({ type: "d" });
    expect(hosts["clear-ok.test"].auths).toEqual([{ method: "PLAIN", user: "alice", secure: false }]);
  });

  it("defers rather than sending unauthenticated when auth-username has no secret", () => {
    const r = recordOf("nosecret.test");
    expect(r).toMatchObject({ type: "t" });
    expect(r.dsnDiag).toMatch(/without auth-password or auth-oauth2-token/);
    expect(hosts["nosecret.test"].messages).toEqual([]);
  });
});

describe("xoauth2Response", () => {
  it("is the base64 of user=…^Aauth=Bearer …^A^A", () => {
    expect(Buffer.from(xoauth2Response("alice", "tok"), "base64").toString()).toBe("user=alice\x01auth=Bearer tok\x01\x01");
  });
});

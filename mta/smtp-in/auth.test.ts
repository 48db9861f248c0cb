import { afterEach, describe, expect, it } from "vitest";
import { APP_PASSWORD, appHash, b64, plain, startAuthRig, transaction, type AuthRig } from "../testing/auth-rig";

let rig: AuthRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** `app` (bcrypt, owns app.test and its subdomains) and `crm` (clear password, may send as anyone). */
const USERS = [
  "<smtp-user app>",
  `    password ${appHash()}`,
  "    allowed-mail-from app.test, *.app.test",
  "</smtp-user>",
  "<smtp-user crm>",
  "    password crm-clear-secret",
  "</smtp-user>",
];

describe("SMTP AUTH (reliability.md P10, P11)", () => {
  it("offers AUTH only after STARTTLS: before it AUTH gets 538 5.7.11, after it PLAIN and LOGIN work", async () => {
    rig = await startAuthRig({ blocks: USERS });
    const clear = await rig.session({ tls: false });
    expect(clear.ehlo).toContain("STARTTLS");
    expect(clear.ehlo).not.toMatch(/AUTH/);
    expect(await clear.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toBe(
      "538 5.7.11 Encryption required for requested authentication mechanism",
    );
    expect(await clear.command("AUTH LOGIN")).toMatch(/^538 5\.7\.11 /);

    const tls = await rig.session();
    expect(tls.ehlo).toMatch(/^250-AUTH PLAIN LOGIN$/m);
    expect(await tls.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^235 /);

    const login = await rig.session();
    expect(await login.command("AUTH LOGIN")).toBe("334 VXNlcm5hbWU6");
    expect(await login.command(b64("crm"))).toBe("334 UGFzc3dvcmQ6");
    expect(await login.command(b64("crm-clear-secret"))).toMatch(/^235 /);
  });

  it("allows AUTH in clear only with allow-unencrypted-plain-auth", async () => {
    rig = await startAuthRig({ blocks: [...USERS, "<source 127.0.0.2>", "    allow-unencrypted-plain-auth yes", "    require-auth yes", "</source>"] });
    const allowed = await rig.session({ tls: false, localAddress: "127.0.0.2" });
    expect(allowed.ehlo).toMatch(/AUTH PLAIN LOGIN/);
    expect(await allowed.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect(await allowed.command("MAIL FROM:<a@app.test>")).toMatch(/^250 /);
    // STARTTLS discards the authentication (RFC 3207 §4.2): the user must authenticate again.
    expect(await allowed.command("RSET")).toMatch(/^250 /);
    expect(await allowed.command("STARTTLS")).toMatch(/^220 /);
    await allowed.startTls();
    expect(await allowed.command("EHLO client.test")).toMatch(/AUTH PLAIN LOGIN/);
    expect(await allowed.command("MAIL FROM:<a@app.test>")).toBe("530 5.7.0 Authentication required");
    const other = await rig.session({ tls: false, localAddress: "127.0.0.3" });
    expect(await other.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^538 5\.7\.11 /);
  });

  it("gives an unknown user the same reply as a wrong password, in about the same time", async () => {
    // cost 8 makes a bcrypt check take milliseconds, so skipping it for unknown users would show.
    rig = await startAuthRig({ blocks: [...USERS.map((l) => (l.includes("{bcrypt}") ? `    password ${appHash(8)}` : l))] });
    const c = await rig.session();
    const attempt = async (user: string, password: string) => {
      const started = performance.now();
      const reply = await c.command(`AUTH PLAIN ${plain(user, password)}`);
      return { reply, ms: performance.now() - started };
    };
    const wrong = [];
    const unknown = [];
    const wrongClear = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await attempt("app", "wrong-password"));
      unknown.push(await attempt("nobody", "wrong-password"));
      wrongClear.push(await attempt("crm", "wrong-password"));
    }
    const replies = new Set([...wrong, ...unknown, ...wrongClear].map((a) => a.reply));
    expect([...replies]).toEqual(["535 5.7.8 Error: authentication failed"]);
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[2];
    const base = median(wrong);
    expect(base).toBeGreaterThan(2);
    for (const other of [median(unknown), median(wrongClear)]) {
      expect(other / base).toBeGreaterThan(0.5);
      expect(other / base).toBeLessThan(2);
    }
  });

  it("throttles AUTH after smtp-max-auth-failure-rate failures from one IP (454 4.7.0), not from another", async () => {
    rig = await startAuthRig({ blocks: [...USERS, "<source 0/0>", "    smtp-max-auth-failure-rate 3/10m", "</source>"] });
    const attacker = await rig.session({ localAddress: "127.0.0.2" });
    for (let i = 0; i < 3; i++) expect(await attacker.command(`AUTH PLAIN ${plain("app", `guess-${i}`)}`)).toMatch(/^535 5\.7\.8 /);
    expect(await attacker.command(`AUTH PLAIN ${plain("app", "guess-4")}`)).toBe("454 4.7.0 Temporary authentication failure");
    // Even the right password is not checked while the IP is over the rate, on a new session too.
    const again = await rig.session({ localAddress: "127.0.0.2" });
    expect(await again.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^454 4\.7\.0 /);
    const other = await rig.session({ localAddress: "127.0.0.3" });
    expect(await other.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^235 /);
  });

  it("lets a user relay only as a domain they own (553 5.7.1 otherwise)", async () => {
    rig = await startAuthRig({ blocks: USERS });
    // 127.0.0.2 may not relay without AUTH.
    const anonymous = await rig.session({ localAddress: "127.0.0.2" });
    expect((await transaction(anonymous, "x@app.test")).rcpt).toMatch(/^554 5\.7\.1 /);

    const c = await rig.session({ localAddress: "127.0.0.2" });
    expect(await c.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect(await c.command("MAIL FROM:<ceo@victim.test>")).toBe("553 5.7.1 <ceo@victim.test>: Sender address rejected: not owned by user");
    expect(await c.command("MAIL FROM:<x@notapp.test>")).toMatch(/^553 5\.7\.1 /);
    expect(await c.command("MAIL FROM:<>")).toMatch(/^553 5\.7\.1 /);
    const own = await transaction(c, "news@App.Test");
    expect(own.data).toMatch(/^250 /);
    expect(await c.command("RSET")).toMatch(/^250/);
    expect((await transaction(c, "bounce@mail.app.test")).data).toMatch(/^250 /);
    await rig.h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 2);
    expect(rig.sink.messages.map((m) => m.from).sort()).toEqual(["bounce@mail.app.test", "news@App.Test"]);
    expect(rig.sink.messages[0].data.toString("latin1")).toMatch(/with ESMTPSA/);
  });

  it("refuses MAIL FROM without AUTH on a require-auth source (530 5.7.0) and accepts it after", async () => {
    rig = await startAuthRig({ blocks: USERS, sourceExtra: ["require-auth yes"] });
    const c = await rig.session();
    expect(await c.command("MAIL FROM:<a@src.test>")).toBe("530 5.7.0 Authentication required");
    expect(await c.command(`AUTH PLAIN ${plain("crm", "crm-clear-secret")}`)).toMatch(/^235 /);
    expect((await transaction(c, "a@src.test")).data).toMatch(/^250 /);
  });

  it("refuses a SASL username with control characters (501) and an oversized AUTH blob (500 5.5.6), then carries on", async () => {
    rig = await startAuthRig({ blocks: USERS });
    const c = await rig.session();
    expect(await c.command(`AUTH PLAIN ${plain("app\r\nX-Injected: 1", APP_PASSWORD)}`)).toMatch(/^501 /);
    expect(await c.command(`AUTH PLAIN ${"A".repeat(14_000)}`)).toBe("500 5.5.6 SASL response limit exceeded");
    expect(await c.command("AUTH LOGIN")).toMatch(/^334 /);
    expect(await c.command("B".repeat(14_000))).toBe("500 5.5.6 SASL response limit exceeded");
    expect(await c.command(`AUTH PLAIN ${plain("app", APP_PASSWORD)}`)).toMatch(/^235 /);
    // Past smtp-server's 16 KiB line buffer the connection is closed instead, so memory stays bounded.
    const flood = await rig.session();
    expect(await flood.command(`AUTH PLAIN ${"A".repeat(100_000)}`)).toMatch(/^421 4\.4\.2 /);
  });
});

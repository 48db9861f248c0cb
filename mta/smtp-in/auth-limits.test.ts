import { afterEach, describe, expect, it } from "vitest";
import { APP_PASSWORD, appHash, b64, plain, startAuthRig, transaction, type AuthRig } from "../testing/auth-rig";

let rig: AuthRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const user = (name: string, ...lines: string[]) => [`<smtp-user ${name}>`, `    password ${appHash()}`, ...lines.map((l) => `    ${l}`), "</smtp-user>"];

describe("per-user and per-source limits after SMTP AUTH", () => {
  it("applies the user's named source: smtp-service no refuses its mail with 554 5.7.1", async () => {
    rig = await startAuthRig({
      blocks: [...user("blocked", "source suspended"), ...user("fine", "source feeders"), "<source suspended>", "    smtp-service no", "</source>", "<source feeders>", "</source>"],
    });
    const c = await rig.session({ localAddress: "127.0.0.2" });
    expect(await c.command(`AUTH PLAIN ${plain("blocked", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect(await c.command("MAIL FROM:<a@src.test>")).toBe("554 5.7.1 mta.hermod.test does not accept mail from you");
    const ok = await rig.session({ localAddress: "127.0.0.2" });
    expect(await ok.command(`AUTH PLAIN ${plain("fine", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect((await transaction(ok, "a@src.test")).data).toMatch(/^250 /);
  });

  it("applies <source {auth}> to users without a source, and the user's max-message-size over the source's", async () => {
    rig = await startAuthRig({
      blocks: [...user("small", "max-message-size 2k"), ...user("big"), "<source {auth}>", "    max-message-size 20k", "</source>"],
    });
    const body = "Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(5);
    const small = await rig.session({ localAddress: "127.0.0.2" });
    expect(await small.command(`AUTH PLAIN ${plain("small", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect(await small.command("MAIL FROM:<a@src.test> SIZE=3000")).toMatch(/^552 5\.3\.4 /);
    expect((await transaction(small, "a@src.test", undefined, body)).data).toMatch(/^552 5\.3\.4 /);
    const big = await rig.session({ localAddress: "127.0.0.2" });
    expect(await big.command(`AUTH PLAIN ${plain("big", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect(await big.command("MAIL FROM:<a@src.test> SIZE=30000")).toMatch(/^552 5\.3\.4 /);
    expect((await transaction(big, "a@src.test", undefined, body)).data).toMatch(/^250 /);
  });

  it("limits messages per user (max-smtp-in-msg-rate in <smtp-user>) across sessions, with 450 4.7.1", async () => {
    rig = await startAuthRig({ blocks: [...user("capped", "max-smtp-in-msg-rate 2/h"), ...user("free")] });
    const first = await rig.session({ localAddress: "127.0.0.2" });
    expect(await first.command(`AUTH PLAIN ${plain("capped", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect((await transaction(first, "a@src.test")).data).toMatch(/^250 /);
    const second = await rig.session({ localAddress: "127.0.0.3" });
    expect(await second.command(`AUTH PLAIN ${plain("capped", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect((await transaction(second, "a@src.test")).data).toMatch(/^250 /);
    expect(await second.command("MAIL FROM:<a@src.test>")).toBe("450 4.7.1 Error: too much mail from capped");
    const other = await rig.session({ localAddress: "127.0.0.2" });
    expect(await other.command(`AUTH PLAIN ${plain("free", APP_PASSWORD)}`)).toMatch(/^235 /);
    expect((await transaction(other, "a@src.test")).data).toMatch(/^250 /);
  });

  it("limits messages per client IP (max-smtp-in-msg-rate in <source>)", async () => {
    rig = await startAuthRig({ blocks: ["<source 0/0>", "    max-smtp-in-msg-rate 1/h", "</source>"] });
    const c = await rig.session();
    expect((await transaction(c, "a@src.test")).data).toMatch(/^250 /);
    expect(await c.command("MAIL FROM:<a@src.test>")).toBe("450 4.7.1 Error: too much mail from 127.0.0.1");
  });

  it("accepts XOAUTH2 with the user's oauth2-token after TLS only, and offers it only when a token is configured", async () => {
    const xoauth = (u: string, token: string) => b64(`user=${u}\x01auth=Bearer ${token}\x01\x01`);
    rig = await startAuthRig({ blocks: [...user("oauth", "oauth2-token ya29.static-token"), ...user("nooauth")] });
    const c = await rig.session();
    expect(c.ehlo).toMatch(/^250-AUTH PLAIN LOGIN XOAUTH2$/m);
    expect(await c.command(`AUTH XOAUTH2 ${xoauth("oauth", "wrong")}`)).toBe("535 5.7.8 Error: authentication failed");
    expect(await c.command(`AUTH XOAUTH2 ${xoauth("nooauth", "ya29.static-token")}`)).toMatch(/^535 5\.7\.8 /);
    expect(await c.command(`AUTH XOAUTH2 ${xoauth("oauth", "ya29.static-token")}`)).toMatch(/^235 /);
    const clear = await rig.session({ tls: false });
    expect(await clear.command(`AUTH XOAUTH2 ${xoauth("oauth", "ya29.static-token")}`)).toMatch(/^538 5\.7\.11 /);
    await rig.close();
    rig = await startAuthRig({ blocks: user("nooauth") });
    const plainOnly = await rig.session();
    expect(plainOnly.ehlo).toMatch(/^250-AUTH PLAIN LOGIN$/m);
    expect(await plainOnly.command(`AUTH XOAUTH2 ${xoauth("nooauth", "x")}`)).toMatch(/^504 /);
  });

  it("does not offer AUTH when no <smtp-user> is configured", async () => {
    rig = await startAuthRig({});
    const c = await rig.session();
    expect(c.ehlo).not.toMatch(/AUTH/);
    expect(await c.command(`AUTH PLAIN ${plain("x", "y")}`)).toMatch(/^503 5\.5\.1 /);
  });
});

import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import type { SmtpUserConfig } from "../config/types";
import { SmtpUserDirectory, sameSecret } from "./auth-credentials";

const origin = { file: "/cfg/hermod.conf", line: 1, col: 1 };
const users: SmtpUserConfig[] = [
  { name: "hashed", password: `{bcrypt}${bcrypt.hashSync("pw-hashed", 4)}`, origin },
  { name: "clear", password: "pw-clear", origin },
  { name: "token", oauth2Token: "tok-123", origin },
];
const dir = new SmtpUserDirectory(users);

describe("SmtpUserDirectory", () => {
  it("verifies bcrypt and clear passwords, and XOAUTH2 bearer tokens", async () => {
    expect((await dir.verify({ method: "PLAIN", username: "hashed", password: "pw-hashed" }))?.name).toBe("hashed");
    expect((await dir.verify({ method: "LOGIN", username: "clear", password: "pw-clear" }))?.name).toBe("clear");
    expect((await dir.verify({ method: "XOAUTH2", username: "token", accessToken: "tok-123" }))?.name).toBe("token");
  });

  it("refuses wrong secrets, unknown users, and a secret of the other kind", async () => {
    expect(await dir.verify({ method: "PLAIN", username: "hashed", password: "pw-hashedx" })).toBeNull();
    expect(await dir.verify({ method: "PLAIN", username: "clear", password: "pw-clea" })).toBeNull();
    expect(await dir.verify({ method: "PLAIN", username: "nobody", password: "pw-clear" })).toBeNull();
    expect(await dir.verify({ method: "PLAIN", username: "Clear", password: "pw-clear" })).toBeNull();
    // The token is not a password, nor the (hashed) password a token.
    expect(await dir.verify({ method: "PLAIN", username: "token", password: "tok-123" })).toBeNull();
    const hash = users[0].password!;
    expect(await dir.verify({ method: "XOAUTH2", username: "hashed", accessToken: hash })).toBeNull();
    expect(await dir.verify({ method: "PLAIN", username: "hashed", password: hash })).toBeNull();
    expect(await dir.verify({ method: "PLAIN", username: "clear", password: "" })).toBeNull();
  });

  it("offers XOAUTH2 only when an account has a token", () => {
    expect(dir.offersXoauth2).toBe(true);
    expect(new SmtpUserDirectory(users.slice(0, 2)).offersXoauth2).toBe(false);
  });

  it("compares secrets of any length", () => {
    expect(sameSecret("a", "a")).toBe(true);
    expect(sameSecret("a", "ab")).toBe(false);
  });
});

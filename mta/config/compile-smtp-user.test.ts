import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

describe("<smtp-user>", () => {
  it("compiles the password as written and the named source", () => {
    const config = compileOk('<smtp-user app@example.com>\n  password "pa ss"\n  source feeders\n</smtp-user>\n<smtp-user crm>\n  password X(ibM(2h^ZY\n</smtp-user>\n<source feeders>\n</source>');
    expect(config.smtpUsers).toEqual([
      { name: "app@example.com", password: "pa ss", source: "feeders", origin: { file: "/cfg/hermod.conf", line: 1, col: 1 } },
      { name: "crm", password: "X(ibM(2h^ZY", origin: { file: "/cfg/hermod.conf", line: 5, col: 1 } },
    ]);
  });

  it("requires the source to be a defined <source NAME>, suggesting the closest", () => {
    const r = compileText("<smtp-user u>\n  password p\n  source feedrs\n</smtp-user>\n<source feeders>\n</source>");
    expect(errors(r)).toEqual([expect.objectContaining({ line: 3, col: 10, message: 'source feedrs: no <source feedrs> is defined (did you mean "feeders"?)' })]);
  });

  it("warns about directives it does not act on and about a user without a password", () => {
    const r = compileText("<smtp-user u>\n  authentication-method system\n</smtp-user>");
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => w.line)).toEqual([1, 2]);
    expect(warnings(r)[0].message).toBe("<smtp-user u> has no password: it cannot authenticate");
  });

  it("rejects a duplicate user and directives from other blocks", () => {
    expect(errors(compileText("<smtp-user u>\n  password a\n</smtp-user>\n<smtp-user u>\n  password b\n</smtp-user>"))[0].message).toBe(
      "<smtp-user u> is already defined at /cfg/hermod.conf:1:1",
    );
    expect(errors(compileText("<smtp-user u>\n  max-smtp-out 2\n</smtp-user>"))[0].message).toContain("`max-smtp-out` is not valid in <smtp-user>");
  });

  it("compiles a {bcrypt} password and the Hermod per-user directives", () => {
    const hash = "$2b$10$" + "a".repeat(53);
    const config = compileOk(
      `<smtp-user app>\n  password {bcrypt}${hash}\n  allowed-mail-from App.Test, *.app.test\n  allowed-mail-from bücher.test,app.test\n` +
        "  max-message-size 10M\n  max-smtp-in-msg-rate 100/h\n  oauth2-token ya29.abc\n</smtp-user>",
    );
    expect(config.smtpUsers[0]).toMatchObject({
      password: `{bcrypt}${hash}`,
      allowedMailFrom: ["app.test", "*.app.test", "xn--bcher-kva.test"],
      maxMessageSize: 10 * 1024 * 1024,
      maxSmtpInMsgRate: { count: 100, perMs: 3_600_000 },
      oauth2Token: "ya29.abc",
    });
  });

  it("points at malformed auth values with line:col", () => {
    const r = compileText(
      "<smtp-user u>\n  password {bcrypt}not-a-hash\n  allowed-mail-from ok.test, bad_domain!\n  max-smtp-in-msg-rate lots\n  oauth2-token two words\n</smtp-user>",
    );
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 2, col: 20, message: expect.stringContaining("password {bcrypt}…: not a bcrypt hash") }),
      expect.objectContaining({ line: 3, col: 30, message: expect.stringContaining('invalid domain "bad_domain!"') }),
      expect.objectContaining({ line: 4, col: 24, message: expect.stringContaining('invalid rate "lots"') }),
      expect.objectContaining({ line: 5, col: 16, message: "oauth2-token must not contain spaces (a bearer token is one word)" }),
    ]);
  });

  it("compiles the auth directives of <source>", () => {
    const config = compileOk(
      "<source 0/0>\n  allow-unencrypted-plain-auth yes\n  smtp-max-auth-failure-rate 5/10m\n  max-smtp-in-msg-rate 1000/h\n  require-auth yes\n</source>",
    );
    expect(config.sources[0].settings).toEqual({
      allowUnencryptedPlainAuth: true,
      maxAuthFailureRate: { count: 5, perMs: 600_000 },
      maxSmtpInMsgRate: { count: 1000, perMs: 3_600_000 },
      requireAuth: true,
    });
    expect(errors(compileText("<source 0/0>\n  smtp-max-auth-failure-rate 5\n</source>"))[0]).toMatchObject({ line: 2, col: 30 });
  });
});

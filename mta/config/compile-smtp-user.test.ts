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
});

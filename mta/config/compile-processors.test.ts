import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, exactlyAt, locAt, warnings } from "./test-helpers";

describe("<feedback-loop-processor> and <bounce-processor>", () => {
  it("compiles the options and the nested address list, with PowerMTA's defaults", () => {
    const config = compileOk(
      "<feedback-loop-processor>\n  deliver-matched-email yes\n  forward-unmatched-to Ops@Example.COM\n  <address-list>\n" +
        "    address fbl@Hermod.Test\n    address /^fbl-[0-9]+@hermod\\.test$/\n    address abuse-reports\n    domain FBL.hermod.test\n  </address-list>\n" +
        "</feedback-loop-processor>\n<bounce-processor>\n  <address-list>\n    address bounces@hermod.test\n  </address-list>\n</bounce-processor>",
    );
    expect(config.processors).toEqual([
      {
        kind: "feedback-loop",
        deliverMatchedEmail: true,
        deliverUnmatchedEmail: true,
        forwardUnmatchedTo: "ops@example.com",
        addresses: [
          { kind: "address", value: "fbl@hermod.test" },
          { kind: "regex", source: "^fbl-[0-9]+@hermod\\.test$", flags: "i" },
          { kind: "local-part", value: "abuse-reports" },
          { kind: "domain", value: "fbl.hermod.test" },
        ],
        origin: locAt(1, 1),
      },
      { kind: "bounce", deliverMatchedEmail: false, deliverUnmatchedEmail: true, addresses: [{ kind: "address", value: "bounces@hermod.test" }], origin: locAt(11, 1) },
    ]);
  });

  it("has no processors when none is configured", () => {
    expect(compileOk("host-name mta.test").processors).toBeUndefined();
  });

  it("reports bad values at their line and column", () => {
    const r = compileText(
      "<bounce-processor>\n  deliver-unmatched-email maybe\n  forward-errors-to not-an-address\n  <address-list>\n    address /[a-/\n    address a b@c\n    domain bad..test\n    address ok@x.test\n  </address-list>\n</bounce-processor>",
    );
    expect(errors(r)).toEqual([
      exactlyAt(2, 27, 'invalid boolean "maybe": expected yes, no, true or false'),
      exactlyAt(3, 21, 'forward-errors-to takes one address, user@domain (got "not-an-address")'),
      expect.objectContaining({ line: 5, col: 14, message: expect.stringContaining("invalid regular expression /[a-/") }),
      exactlyAt(6, 13, 'invalid address "a b@c": expected user@domain, a local part, or /REGEX/'),
      exactlyAt(7, 12, 'domain takes one domain name, e.g. fbl.example.com (got "bad..test")'),
    ]);
  });

  it("needs an address list, which is unnamed, and rejects directives from other blocks", () => {
    expect(errors(compileText("<feedback-loop-processor>\n  deliver-matched-email no\n</feedback-loop-processor>"))).toEqual([
      exactlyAt(1, 1, "<feedback-loop-processor> needs an <address-list> with at least one `address` or `domain` line (the addresses whose mail it processes)"),
    ]);
    const named = compileText("<bounce-processor>\n  <address-list mine>\n    address b@x.test\n  </address-list>\n</bounce-processor>");
    expect(errors(named)[0]).toEqual(exactlyAt(2, 17, 'the <address-list> inside <bounce-processor> is unnamed: write <address-list> without "mine"'));
    const wrong = compileText("<bounce-processor>\n  max-smtp-out 2\n  <address-list>\n    address b@x.test\n  </address-list>\n</bounce-processor>");
    expect(errors(wrong)[0].message).toContain("`max-smtp-out` is not valid in <bounce-processor>");
  });

  it("warns about address-file (not acted on) and an address listed by two processors", () => {
    const r = compileText(
      "<bounce-processor>\n  <address-list>\n    address b@x.test\n    address-file /etc/list\n  </address-list>\n</bounce-processor>\n" +
        "<feedback-loop-processor>\n  <address-list>\n    address b@x.test\n  </address-list>\n</feedback-loop-processor>",
    );
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => [w.line, w.message])).toEqual([
      [4, "`address-file` is a PowerMTA directive Hermod does not act on yet; ignored"],
      [7, "address b@x.test is also in the <bounce-processor> at /cfg/hermod.conf:1:1; that one is used"],
    ]);
  });
});

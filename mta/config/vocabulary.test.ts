import { describe, expect, it } from "vitest";
import { DOMAIN_DIRECTIVES, SOURCE_DIRECTIVES } from "./directives";
import { compileText, errors } from "./test-helpers";
import { BLOCKS, DIRECTIVES } from "./vocabulary";

describe("vocabulary", () => {
  it("knows every block tag of PowerMTA's configuration language (powermta.md §1.1)", () => {
    const tags = `domain source virtual-mta virtual-mta-pool pattern-list smtp-pattern-list acct-file spool smtp-user
      source-group address-list bounce-processor feedback-loop-processor email-patterns bounce-category-patterns
      mx-rollup-list rewrite-list domain-key-list dns smtp-listener transmissions-api transmissions-api-listener
      proxy signals signals-filter aliases vault`.split(/\s+/);
    for (const tag of tags) expect(BLOCKS.has(tag), tag).toBe(true);
  });

  it("allows the nestings PowerMTA allows", () => {
    expect(BLOCKS.get("domain")?.parents).toEqual(["global", "virtual-mta", "virtual-mta-pool"]);
    expect(BLOCKS.get("pattern-list")?.parents).toContain("pattern-list");
    expect(BLOCKS.get("address-list")?.parents).toEqual(expect.arrayContaining(["bounce-processor", "feedback-loop-processor"]));
  });

  it.each([
    ["smtp-listener", "global"],
    ["total-max-smtp-in", "global"],
    ["relay-domain", "global"],
    ["domain-macro", "global"],
    ["http-access", "global"],
    ["always-allow-relaying", "source"],
    ["process-x-virtual-mta", "source"],
    ["max-message-hops", "source"],
    ["smtp-max-auth-failure-rate", "source"],
    ["smtp-hosts", "domain"],
    ["backoff-max-msg-rate", "domain"],
    ["max-rcpt-per-transaction", "domain"],
    ["second-dkim-sign", "domain"],
    ["use-mta-sts", "domain"],
    ["dk-sign", "domain"],
    ["records", "acct-file"],
    ["http-webhook-url", "acct-file"],
    ["smtp-source-host", "virtual-mta"],
    ["virtual-mta", "virtual-mta-pool"],
    ["reply", "smtp-pattern-list"],
    ["mx", "mx-rollup-list"],
    ["immediate-tls", "smtp-listener"],
  ])("knows %s in %s", (name, context) => {
    expect(DIRECTIVES.get(name)?.has(context)).toBe(true);
  });

  it("acts only on names that exist, in the block they belong to", () => {
    for (const name of Object.keys(SOURCE_DIRECTIVES)) expect(DIRECTIVES.get(name)?.has("source"), name).toBe(true);
    for (const name of Object.keys(DOMAIN_DIRECTIVES)) expect(DIRECTIVES.get(name)?.has("domain"), name).toBe(true);
  });

  it.each(["smtp-source-ip", "max-message-rate", "backoff-trigger-pattern", "backoff-retry-profile", "use-emailfriendly", "enable-starttls", "max-errors-per-hour", "mode-backoff"])(
    "treats %s (not a PowerMTA directive, powermta.md §5) as an error",
    (name) => {
      expect(DIRECTIVES.has(name)).toBe(false);
      const r = compileText(`<domain *>\n  ${name} 1\n</domain>`);
      expect(errors(r)[0]).toMatchObject({ line: 2, col: 3, message: expect.stringContaining(`unknown directive \`${name}\``) });
    },
  );

  it("treats <limit> as an unknown block", () => {
    expect(errors(compileText("<limit x>\n</limit>"))[0].message).toContain("unknown block <limit>");
  });
});

import { describe, expect, it } from "vitest";
import { effectiveSettings } from "./effective-settings";
import { resolveDomain } from "./resolve";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

describe("outbound auth directives in <domain>", () => {
  const text = [
    "<domain *>",
    "  auth-password from-star",
    "</domain>",
    "<domain relay.example>",
    "  smtp-hosts [192.0.2.1]:587",
    "  auth-username alice",
    "  use-unencrypted-plain-auth yes",
    "</domain>",
    "<domain oauth.example>",
    "  auth-username bob@example.com",
    "  auth-oauth2-token ya29.tok",
    "  auth-password \"\"",
    "</domain>",
  ].join("\n");

  it("compiles auth-username, auth-password, auth-oauth2-token and use-unencrypted-plain-auth, inherited like other settings", () => {
    const r = compileText(text);
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([]);
    const config = r.config!;
    expect(resolveDomain(config, "relay.example")).toMatchObject({ authUsername: "alice", authPassword: "from-star", useUnencryptedPlainAuth: true });
    expect(resolveDomain(config, "oauth.example")).toMatchObject({ authUsername: "bob@example.com", authOauth2Token: "ya29.tok", authPassword: "" });
    expect(resolveDomain(config, "other.example").authUsername).toBeUndefined();
  });

  it("masks the password and token in the effective settings (show settings)", () => {
    const rows = effectiveSettings(compileOk(text), "oauth.example")!;
    const byName = Object.fromEntries(rows.map((r) => [r.directive, r.value]));
    expect(byName["auth-username"]).toBe("bob@example.com");
    expect(byName["auth-oauth2-token"]).toBe("********");
    expect(byName["auth-password"]).toBeUndefined();
    expect(JSON.stringify(rows)).not.toContain("ya29.tok");
    expect(JSON.stringify(effectiveSettings(compileOk(text), "relay.example"))).not.toContain("from-star");
  });

  it("refuses values with spaces or control characters, and a bad boolean", () => {
    const r = compileText(["<domain x.example>", "  auth-username \"al ice\"", "  use-unencrypted-plain-auth maybe", "</domain>"].join("\n"));
    const messages = errors(r).map((d) => `${d.line}: ${d.message}`);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^2: auth-username must be one word/);
    expect(messages[1]).toMatch(/^3: /);
  });
});

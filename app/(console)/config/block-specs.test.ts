import { describe, expect, it } from "vitest";
import { CONFIG_BLOCK_FIELDS, CONFIG_BLOCK_KINDS, type TConfigBlock } from "@/lib/schemas/config";
import { MASK, redactLine } from "@/lib/config/redact";
import { KIND_SPECS, effectiveValue, optionsFor } from "./block-specs";

describe("block editor specs", () => {
  it("show exactly the directives the server lets each editor change, for every kind", () => {
    expect(KIND_SPECS.map((s) => s.kind).sort()).toEqual([...CONFIG_BLOCK_KINDS].sort());
    for (const spec of KIND_SPECS) expect(spec.fields.map((f) => f.name)).toEqual([...CONFIG_BLOCK_FIELDS[spec.kind]]);
  });

  it("mask secrets: a secret field is a password input, masked in the text non-admins read, and never a column", () => {
    const secrets = KIND_SPECS.flatMap((s) => s.fields.filter((f) => redactLine(`    ${f.name} s3cret`) === `    ${f.name} ${MASK}`).map((f) => `${s.kind}.${f.name}`));
    expect(secrets.sort()).toEqual(["domain.auth-oauth2-token", "domain.auth-password", "smtp-user.oauth2-token", "smtp-user.password"]);
    for (const spec of KIND_SPECS) {
      for (const f of spec.fields) expect(f.type === "secret", `${spec.kind}.${f.name}`).toBe(secrets.includes(`${spec.kind}.${f.name}`));
      for (const column of spec.columns) expect(secrets, `${spec.kind} column ${column}`).not.toContain(`${spec.kind}.${column}`);
    }
  });

  it("give every field a label and every repeatable field an example value", () => {
    for (const spec of KIND_SPECS) {
      for (const f of spec.fields) {
        expect(f.label, `${spec.kind}.${f.name}`).not.toBe("");
        if (f.type === "lines") expect(f.placeholder, `${spec.kind}.${f.name}`).toBeTruthy();
      }
    }
  });

  it("read the effective value and the choices from the file's blocks", () => {
    const block = (kind: TConfigBlock["kind"], arg: string, values: Record<string, string[]> = {}): TConfigBlock => ({ kind, arg, line: 1, endLine: 2, values, kept: [] });
    const blocks = [block("virtual-mta", "v1"), block("virtual-mta-pool", "p1"), block("source", "10.0.0.0/8"), block("source", "feeders"), block("source", "::1")];
    expect(effectiveValue(block("domain", "*", { "max-smtp-out": ["10", "20"] }), "max-smtp-out")).toBe("20");
    expect(effectiveValue(undefined, "max-smtp-out")).toBe("");
    expect(optionsFor("virtual-mtas", blocks)).toEqual(["v1"]);
    expect(optionsFor("virtual-mtas-and-pools", blocks)).toEqual(["v1", "p1"]);
    expect(optionsFor("named-sources", blocks)).toEqual(["feeders"]);
  });
});

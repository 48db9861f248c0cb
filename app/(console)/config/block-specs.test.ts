import { describe, expect, it } from "vitest";
import { CONFIG_BLOCK_FIELDS, CONFIG_BLOCK_KINDS, type TConfigBlock } from "@/lib/schemas/config";
import { KIND_SPECS, effectiveValue, optionsFor } from "./block-specs";

describe("block editor specs", () => {
  it("show exactly the directives the server lets each editor change, for every kind", () => {
    expect(KIND_SPECS.map((s) => s.kind).sort()).toEqual([...CONFIG_BLOCK_KINDS].sort());
    for (const spec of KIND_SPECS) expect(spec.fields.map((f) => f.name)).toEqual([...CONFIG_BLOCK_FIELDS[spec.kind]]);
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

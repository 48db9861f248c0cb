import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "./suggest";

describe("suggest", () => {
  it("computes edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
    expect(editDistance("abcdef", "x", 2)).toBe(3);
  });

  it("suggests the closest name within tolerance, preferring names valid here", () => {
    expect(closest("bounce-afer", ["bounce-after", "retry-after"])).toBe("bounce-after");
    expect(closest("max-smtp-outt", ["max-smtp-out", "max-smtp-in"])).toBe("max-smtp-out");
    expect(closest("zzz", ["bounce-after"])).toBeNull();
    expect(closest("ab", ["ac", "ad"], (c) => c === "ad")).toBe("ad");
  });

  it("phrases the hint", () => {
    expect(didYouMean("x")).toBe(' (did you mean "x"?)');
    expect(didYouMean(null)).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { cn, formatDuration } from "./utils";

describe("cn", () => {
  it("joins truthy classes from strings, arrays and objects", () => {
    expect(cn("a", false, null, ["b", undefined, ["c"]], { d: true, e: false })).toBe("a b c d");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [59_999, "59s"],
    [61_000, "1m 01s"],
    [3_600_000 + 12 * 60_000, "1h 12m"],
    [50 * 3_600_000, "2d 2h"],
    [-5, "0s"],
  ])("%i ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

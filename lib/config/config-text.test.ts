import { describe, expect, it } from "vitest";
import { joinLines, splitLines, textHash, trailingComment } from "./config-text";
import { diffStats, revisionDiff } from "./config-diff";

describe("config text helpers", () => {
  it("round-trips LF, CRLF, a missing final newline and the empty text", () => {
    for (const text of ["a\nb\n", "a\r\nb\r\n", "a\nb", "", "\n"]) expect(joinLines(splitLines(text))).toBe(text);
  });

  it("finds trailing comments and hashes text", () => {
    expect(trailingComment("max-smtp-out 20   # gmail")).toBe("   # gmail");
    expect(trailingComment("max-smtp-out 20")).toBe("");
    expect(textHash("x")).toMatch(/^[0-9a-f]{64}$/);
    expect(textHash("x")).not.toBe(textHash("y"));
  });

  it("makes unified diffs with labels and counts their lines", () => {
    const diff = revisionDiff("a\nb\n", "a\nc\nd\n", { before: "hermod.conf (revision 1)", after: "hermod.conf" });
    expect(diff).toBe("--- hermod.conf (revision 1)\n+++ hermod.conf\n@@ -1,2 +1,3 @@\n a\n-b\n+c\n+d\n");
    expect(diffStats(diff)).toEqual({ added: 2, removed: 1 });
    expect(diffStats(revisionDiff(null, "x\n", { before: "/dev/null", after: "hermod.conf" }))).toEqual({ added: 1, removed: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { fieldValue, parseFields, removeFields } from "./header-fields";

const section = "From: a@b.test\r\nX-Virtual-MTA: vmta1\r\nX-Job: spring\r\n  sale\r\nSubject: hi\r\n";

describe("header fields", () => {
  it("reads values case-insensitively and unfolds them", () => {
    const fields = parseFields(section);
    expect(fieldValue(fields, "x-virtual-mta")).toBe("vmta1");
    expect(fieldValue(fields, "X-JOB")).toBe("spring sale");
    expect(fieldValue(fields, "x-missing")).toBeUndefined();
  });

  it("removes fields with their continuation lines and keeps the rest byte for byte", () => {
    expect(removeFields(section, new Set(["x-virtual-mta", "x-job"]))).toBe("From: a@b.test\r\nSubject: hi\r\n");
    expect(removeFields(section, new Set())).toBe(section);
    expect(removeFields("X-Job: a\r\n", new Set(["x-job"]))).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_VMTA, formatQueueKey, parseQueueKey, recipientDomain } from "./queue-key";

describe("queue key grammar", () => {
  it("formats and parses domain/vmta", () => {
    expect(formatQueueKey({ domain: "gmail.com", vmta: "vmta1" })).toBe("gmail.com/vmta1");
    expect(parseQueueKey("gmail.com/vmta1")).toEqual({ domain: "gmail.com", vmta: "vmta1" });
  });

  it("defaults the vmta and lower-cases the domain", () => {
    expect(parseQueueKey("Example.COM")).toEqual({ domain: "example.com", vmta: DEFAULT_VMTA });
  });

  it("rejects malformed keys", () => {
    expect(parseQueueKey("")).toBeNull();
    expect(parseQueueKey("a.com/")).toBeNull();
    expect(parseQueueKey("a.com/x/y")).toBeNull();
    expect(parseQueueKey("a b.com/x")).toBeNull();
  });

  it("takes the domain after the last @", () => {
    expect(recipientDomain('"a@b"@Example.org')).toBe("example.org");
    expect(recipientDomain("user@[127.0.0.1]")).toBe("[127.0.0.1]");
    expect(recipientDomain("nodomain")).toBe("");
  });
});

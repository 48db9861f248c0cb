import { describe, expect, it } from "vitest";
import { hourOf, minuteOf, recipientDomain } from "./minute-buckets";

describe("recipientDomain", () => {
  it.each([
    ["User@Example.COM", "example.com"],
    ["a@b@c.test", "c.test"],
    ["<x@y.test>", "y.test"],
    ["postmaster", "(none)"],
  ])("%s → %s", (rcpt, domain) => expect(recipientDomain(rcpt)).toBe(domain));
});

it("rounds times down to their minute and hour", () => {
  const at = Date.UTC(2026, 0, 1, 12, 34, 56, 789);
  expect(minuteOf(at)).toBe(Date.UTC(2026, 0, 1, 12, 34));
  expect(hourOf(at)).toBe(Date.UTC(2026, 0, 1, 12));
});

import { describe, expect, it } from "vitest";
import { LoginRateLimiter, tooManyAttemptsMessage } from "./rate-limit";

const MIN = 60_000;

function limiter() {
  let now = 1_000_000;
  const l = new LoginRateLimiter(undefined, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe("LoginRateLimiter", () => {
  it("refuses the 6th attempt for one username from one address, for the rest of the window", () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check("alice", "10.0.0.1").allowed).toBe(true);
      l.recordFailure("alice", "10.0.0.1");
      advance(MIN);
    }
    const verdict = l.check("alice", "10.0.0.1");
    expect(verdict).toMatchObject({ allowed: false, rule: "username+ip" });
    // The first failure was 5 minutes ago: it leaves the 10-minute window in 5 minutes.
    expect(verdict.allowed === false && verdict.retryAfterMs).toBe(5 * MIN);
    // Same user elsewhere, and another user from the same address, are unaffected.
    expect(l.check("alice", "10.0.0.2").allowed).toBe(true);
    expect(l.check("bob", "10.0.0.1").allowed).toBe(true);
    advance(5 * MIN);
    expect(l.check("alice", "10.0.0.1").allowed).toBe(true);
  });

  it("treats usernames case-insensitively", () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure(i % 2 ? "Alice" : " alice ", "10.0.0.1");
    expect(l.check("ALICE", "10.0.0.1").allowed).toBe(false);
  });

  it("refuses an address after 20 failures across usernames", () => {
    const { l } = limiter();
    for (let i = 0; i < 20; i++) l.recordFailure(`user${i}`, "10.0.0.9");
    expect(l.check("someone-new", "10.0.0.9")).toMatchObject({ allowed: false, rule: "ip" });
    expect(l.check("someone-new", "10.0.0.10").allowed).toBe(true);
  });

  it("reports which limit a failure trips, once", () => {
    const { l } = limiter();
    const tripped = Array.from({ length: 6 }, () => l.recordFailure("alice", "10.0.0.1"));
    expect(tripped.map((t) => t.join())).toEqual(["", "", "", "", "username+ip", ""]);
  });

  it("clears a username's failures on success, but not the address's", () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure("alice", "10.0.0.1");
    for (let i = 0; i < 11; i++) l.recordFailure(`x${i}`, "10.0.0.1");
    l.recordSuccess("alice", "10.0.0.1");
    for (let i = 0; i < 4; i++) l.recordFailure("alice", "10.0.0.1");
    expect(l.check("alice", "10.0.0.1").allowed).toBe(true);
    l.recordFailure("alice", "10.0.0.1"); // 20th failure from this address
    expect(l.check("bob", "10.0.0.1")).toMatchObject({ allowed: false, rule: "ip" });
  });

  it("words the refusal in whole minutes, rounded up", () => {
    expect(tooManyAttemptsMessage(30_000)).toBe("Too many attempts. Try again in 1 minute.");
    expect(tooManyAttemptsMessage(4 * MIN + 1)).toBe("Too many attempts. Try again in 5 minutes.");
  });
});

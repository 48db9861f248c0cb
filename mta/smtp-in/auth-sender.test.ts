import { describe, expect, it } from "vitest";
import { senderAllowed } from "./auth-sender";

describe("senderAllowed (allowed-mail-from)", () => {
  const allowed = ["app.test", "*.corp.test", "xn--bcher-kva.test"];

  it("matches a domain exactly and a wildcard's subdomains only, case-insensitively", () => {
    expect(senderAllowed(allowed, "a@app.test")).toBe(true);
    expect(senderAllowed(allowed, "a@APP.Test")).toBe(true);
    expect(senderAllowed(allowed, "a@mail.app.test")).toBe(false);
    expect(senderAllowed(allowed, "a@mail.corp.test")).toBe(true);
    expect(senderAllowed(allowed, "a@corp.test")).toBe(false);
    expect(senderAllowed(allowed, "a@evilcorp.test")).toBe(false);
    expect(senderAllowed(allowed, "a@app.test.evil.test")).toBe(false);
  });

  it("compares internationalised domains in A-label form and refuses the null sender and junk", () => {
    expect(senderAllowed(allowed, "a@bücher.test")).toBe(true);
    expect(senderAllowed(allowed, "")).toBe(false);
    expect(senderAllowed(allowed, "no-at-sign")).toBe(false);
    expect(senderAllowed(allowed, "a@[127.0.0.1]")).toBe(false);
  });
});
